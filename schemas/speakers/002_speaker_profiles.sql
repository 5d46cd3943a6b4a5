-- Speaker profiles (issue 11, items 7-10): the seed's SpeakerProfile,
-- communicationPreferences and speakingHistory, GDPR erasure, and a company
-- copy that follows CompanyUpdated.

-- Personal columns become NULL when the speaker is erased (erased_at set);
-- until then they are required, as before.
ALTER TABLE speakers
    ALTER COLUMN email DROP NOT NULL,
    ALTER COLUMN first_name DROP NOT NULL,
    ALTER COLUMN last_name DROP NOT NULL,
    ADD COLUMN profile_photo_url VARCHAR(500),
    ADD COLUMN linkedin_url VARCHAR(500),
    -- Without the @: X/Twitter allows 15 characters.
    ADD COLUMN twitter_handle VARCHAR(15),
    ADD COLUMN certifications TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN languages TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN speaking_topics TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN preferred_channel VARCHAR(20) NOT NULL DEFAULT 'email' CHECK (preferred_channel IN ('email', 'phone')),
    ADD COLUMN preferred_language VARCHAR(35),
    ADD COLUMN reminder_opt_out BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN erased_at TIMESTAMP WITH TIME ZONE,
    ADD CONSTRAINT speakers_personal_until_erased CHECK (
        (erased_at IS NULL) = (email IS NOT NULL AND first_name IS NOT NULL AND last_name IS NOT NULL)
    );

-- The speaking history: each session a speaker was confirmed for, recorded
-- when events reported its event completed. Anonymous facts once the speaker
-- is erased (the row names the speaker by id only).
CREATE TABLE speaking_history (
    speaker_id UUID NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    session_id UUID NOT NULL,
    event_id UUID NOT NULL,
    role VARCHAR(50) NOT NULL CHECK (role IN ('primary_speaker', 'co_speaker', 'moderator', 'panelist')),
    session_type VARCHAR(50) NOT NULL,
    title VARCHAR(255),
    session_date TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (speaker_id, session_id)
);

-- The session's title, when events sends one (SessionScheduled).
ALTER TABLE sessions ADD COLUMN title VARCHAR(255);

-- The company copy follows CompanyUpdated, which carries only the fields
-- that changed: each group of fields remembers the occurredAt of the event
-- that last set it, so a late event never undoes a newer one.
ALTER TABLE companies
    ADD COLUMN names_as_of TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT 'epoch',
    ADD COLUMN partner_as_of TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT 'epoch',
    ADD COLUMN details_as_of TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT 'epoch';
