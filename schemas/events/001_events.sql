-- Event Management: the data architecture's tables column for column, with
-- gen_random_uuid() (no uuid-ossp) and the checks the commands enforce, so a
-- bug in the domain layer cannot write what the rules forbid.

CREATE TABLE events (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_number INTEGER UNIQUE NOT NULL,
    title VARCHAR(255) NOT NULL,
    description TEXT,
    event_date TIMESTAMP WITH TIME ZONE NOT NULL,
    registration_deadline TIMESTAMP WITH TIME ZONE NOT NULL,
    venue_name VARCHAR(255) NOT NULL,
    venue_address TEXT NOT NULL,
    venue_capacity INTEGER NOT NULL,
    status VARCHAR(50) NOT NULL CHECK (status IN (
        'planning', 'topic_defined', 'speakers_invited', 'agenda_draft',
        'published', 'registration_open', 'registration_closed',
        'in_progress', 'completed', 'archived'
    )),
    organizer_id UUID NOT NULL,
    current_attendee_count INTEGER DEFAULT 0,
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    published_at TIMESTAMP WITH TIME ZONE,
    metadata JSONB DEFAULT '{}',
    -- Added: what the rules of CreateEvent and seat keeping promise.
    CONSTRAINT events_capacity_positive CHECK (venue_capacity > 0),
    CONSTRAINT events_deadline_not_after_event CHECK (registration_deadline <= event_date),
    CONSTRAINT events_attendees_within_capacity CHECK (
        current_attendee_count IS NOT NULL
        AND current_attendee_count >= 0
        AND current_attendee_count <= venue_capacity
    )
);

CREATE TABLE sessions (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    event_id UUID NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    title VARCHAR(255) NOT NULL,
    description TEXT,
    session_type VARCHAR(50) NOT NULL CHECK (session_type IN (
        'keynote', 'presentation', 'workshop', 'panel_discussion',
        'networking', 'break', 'lunch'
    )),
    start_time TIMESTAMP WITH TIME ZONE NOT NULL,
    end_time TIMESTAMP WITH TIME ZONE NOT NULL,
    room VARCHAR(100),
    capacity INTEGER,
    language VARCHAR(10) DEFAULT 'de',
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    -- Added: a cancelled session stays (speakers and history refer to it).
    status VARCHAR(20) NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
    cancelled_at TIMESTAMP WITH TIME ZONE,
    cancellation_reason TEXT,
    CONSTRAINT sessions_end_after_start CHECK (end_time > start_time),
    CONSTRAINT sessions_capacity_positive CHECK (capacity IS NULL OR capacity > 0)
);

CREATE INDEX idx_events_status ON events(status);
CREATE INDEX idx_events_event_date ON events(event_date);
CREATE INDEX idx_sessions_event_id ON sessions(event_id);

-- Local copy, fed by the speakers context's events: who holds or was asked
-- for a speaker slot of a session, and how that stands. Events never reads
-- speakers' database; agenda readiness is computed from this table.
-- as_of is the occurredAt of the speakers event that wrote the row, so an
-- older event delivered late never overwrites a newer state.
CREATE TABLE session_speaker_slots (
    session_id UUID NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    speaker_id UUID NOT NULL,
    event_id UUID NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role VARCHAR(50) NOT NULL CHECK (role IN (
        'primary_speaker', 'co_speaker', 'moderator', 'panelist'
    )),
    status VARCHAR(20) NOT NULL CHECK (status IN (
        'invited', 'confirmed', 'declined', 'expired', 'withdrawn', 'released'
    )),
    as_of TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    PRIMARY KEY (session_id, speaker_id)
);
CREATE INDEX idx_session_speaker_slots_event_id ON session_speaker_slots(event_id);

-- Seat keeping for the registration saga: one row per registration that
-- asked for a seat and got one. current_attendee_count is kept equal to the
-- number of held rows of the event (same transaction, event row locked), and
-- the primary key makes a reservation idempotent per registration.
CREATE TABLE event_seats (
    registration_id UUID PRIMARY KEY,
    event_id UUID NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    attendee_id UUID,
    reserved_at TIMESTAMP WITH TIME ZONE,
    -- Set when the registration was cancelled; a cancelled registration
    -- never gets a seat again. A cancellation that arrives before its request
    -- leaves a row with reserved_at NULL.
    released_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT event_seats_reserved_or_released CHECK (reserved_at IS NOT NULL OR released_at IS NOT NULL)
);
CREATE INDEX idx_event_seats_held ON event_seats(event_id) WHERE released_at IS NULL;
