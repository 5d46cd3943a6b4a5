-- Speaker Coordination: the data architecture's tables column for column,
-- with gen_random_uuid() (no uuid-ossp), plus the invitation state the
-- speaker invitation saga needs and local copies of other contexts' data.

CREATE TABLE speakers (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email VARCHAR(255) UNIQUE NOT NULL,
    first_name VARCHAR(100) NOT NULL,
    last_name VARCHAR(100) NOT NULL,
    company_id UUID NOT NULL, -- References company service
    position VARCHAR(255),
    short_bio TEXT,
    detailed_bio TEXT,
    expertise_areas TEXT[] DEFAULT '{}',
    availability VARCHAR(50) NOT NULL CHECK (availability IN (
        'available', 'busy', 'unavailable', 'invited', 'confirmed', 'declined'
    )) DEFAULT 'available',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    -- Added: what availability falls back to when the speaker has no
    -- confirmed upcoming session and no open invitation (set by
    -- SetSpeakerAvailability). `availability` itself is derived.
    base_availability VARCHAR(50) NOT NULL DEFAULT 'available' CHECK (base_availability IN (
        'available', 'busy', 'unavailable'
    )),
    -- Added: false while the company is not (yet) in the local copy; see
    -- docs/events-speakers.md, "A speaker whose company is not yet known".
    company_verified BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE session_speakers (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id UUID NOT NULL, -- References event service
    speaker_id UUID NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    role VARCHAR(50) NOT NULL CHECK (role IN (
        'primary_speaker', 'co_speaker', 'moderator', 'panelist'
    )),
    presentation_title VARCHAR(255),
    is_confirmed BOOLEAN DEFAULT FALSE,
    invited_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    confirmed_at TIMESTAMP WITH TIME ZONE,
    declined_at TIMESTAMP WITH TIME ZONE,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    -- Added: the invitation's state. One row per pair (the seed's UNIQUE):
    -- a re-invitation after a decline, expiry, withdrawal or release reuses it.
    status VARCHAR(20) NOT NULL DEFAULT 'invited' CHECK (status IN (
        'invited', 'tentative', 'confirmed', 'declined', 'expired', 'withdrawn', 'released'
    )),
    event_id UUID NOT NULL,
    response_deadline TIMESTAMP WITH TIME ZONE NOT NULL,
    decline_reason TEXT,
    -- The reason given with tentative, withdrawal or release.
    status_reason TEXT,
    responded_at TIMESTAMP WITH TIME ZONE,
    reminders_sent INTEGER NOT NULL DEFAULT 0,
    -- Optimistic concurrency: every change bumps it and checks the old value.
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE(session_id, speaker_id),
    CONSTRAINT session_speakers_confirmed_flag CHECK (is_confirmed = (status = 'confirmed'))
);

CREATE INDEX idx_speakers_email ON speakers(email);
CREATE INDEX idx_speakers_company_id ON speakers(company_id);
CREATE INDEX idx_session_speakers_session_id ON session_speakers(session_id);
-- Added: email is unique case-insensitively.
CREATE UNIQUE INDEX idx_speakers_email_lower ON speakers(lower(email));
CREATE INDEX idx_session_speakers_speaker_id ON session_speakers(speaker_id, status);

-- Local copy of companies, fed by companies.CompanyCreated.
CREATE TABLE companies (
    id UUID PRIMARY KEY,
    name VARCHAR(255) NOT NULL,
    display_name VARCHAR(255) NOT NULL,
    is_partner BOOLEAN NOT NULL DEFAULT FALSE,
    industry VARCHAR(100),
    employee_count INTEGER,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);

-- Local copy of sessions, fed by events.SessionScheduled / SessionRescheduled
-- / SessionCancelled. as_of is the occurredAt of the event that wrote the
-- row, so an older event delivered late never overwrites a newer state.
CREATE TABLE sessions (
    id UUID PRIMARY KEY,
    event_id UUID NOT NULL,
    session_type VARCHAR(50) NOT NULL CHECK (session_type IN (
        'keynote', 'presentation', 'workshop', 'panel_discussion',
        'networking', 'break', 'lunch'
    )),
    start_time TIMESTAMP WITH TIME ZONE NOT NULL,
    end_time TIMESTAMP WITH TIME ZONE NOT NULL,
    room VARCHAR(100),
    status VARCHAR(20) NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    as_of TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_sessions_event_id ON sessions(event_id);
