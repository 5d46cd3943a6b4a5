-- Issue 11 items 5 and 6: a session's own fields (tags, prerequisites,
-- target audience), its materials, the speakers' public names and
-- presentation titles the programme shows, and the programme last announced.

-- The seed's Session.tags, prerequisites and targetAudience (its
-- ExperienceLevel values are ours: docs/events-speakers.md). Lists, never
-- NULL: an empty list is "none".
ALTER TABLE sessions
    ADD COLUMN tags TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN prerequisites TEXT[] NOT NULL DEFAULT '{}',
    ADD COLUMN target_audience TEXT[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT sessions_tags_bounded CHECK (cardinality(tags) <= 20),
    ADD CONSTRAINT sessions_prerequisites_bounded CHECK (cardinality(prerequisites) <= 20),
    ADD CONSTRAINT sessions_target_audience_levels
        CHECK (target_audience <@ ARRAY['beginner', 'intermediate', 'advanced', 'expert']::TEXT[]);

-- The speaker's own title for the talk, from SpeakerInvited/SpeakerConfirmed;
-- a speaker's slots are looked up when the name changes.
ALTER TABLE session_speaker_slots ADD COLUMN presentation_title VARCHAR(255);
CREATE INDEX idx_session_speaker_slots_speaker_id ON session_speaker_slots(speaker_id);

-- The seed's Session.materials: a stored file or a link. A removed material
-- keeps its row (removed_*), so a repeated removal is answered as the first.
CREATE TABLE session_materials (
    id UUID PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    event_id UUID NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL CHECK (kind IN ('slides', 'video', 'code', 'handout', 'link')),
    file_name VARCHAR(255),
    mime_type VARCHAR(100),
    file_size_bytes BIGINT CHECK (file_size_bytes > 0),
    storage_key VARCHAR(500),
    url VARCHAR(2000),
    added_by UUID NOT NULL,
    added_by_role VARCHAR(20) NOT NULL CHECK (added_by_role IN ('organiser', 'speaker')),
    added_at TIMESTAMP WITH TIME ZONE NOT NULL,
    removed_by UUID,
    removed_by_role VARCHAR(20) CHECK (removed_by_role IN ('organiser', 'speaker')),
    removed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT session_materials_file_or_link CHECK (
        CASE WHEN kind = 'link'
            THEN url IS NOT NULL AND file_name IS NULL AND mime_type IS NULL AND file_size_bytes IS NULL AND storage_key IS NULL
            ELSE url IS NULL AND file_name IS NOT NULL AND mime_type IS NOT NULL AND file_size_bytes IS NOT NULL
                AND storage_key IS NOT NULL
        END),
    CONSTRAINT session_materials_removal_whole CHECK (
        (removed_at IS NULL) = (removed_by IS NULL) AND (removed_at IS NULL) = (removed_by_role IS NULL))
);
CREATE INDEX idx_session_materials_session_id ON session_materials(session_id);
CREATE INDEX idx_session_materials_event_id ON session_materials(event_id);

-- Local copy fed by speakers' SpeakerRegistered, SpeakerProfileUpdated and
-- SpeakerErased: the public name the programme shows, nothing else. as_of
-- is the occurredAt of the event that wrote it; erasure is final.
CREATE TABLE speaker_names (
    speaker_id UUID PRIMARY KEY,
    first_name VARCHAR(100),
    last_name VARCHAR(100),
    as_of TIMESTAMP WITH TIME ZONE NOT NULL,
    erased_at TIMESTAMP WITH TIME ZONE,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT speaker_names_named_or_erased CHECK (
        (erased_at IS NULL) = (first_name IS NOT NULL) AND (erased_at IS NULL) = (last_name IS NOT NULL))
);

-- The programme last announced per event (EventProgrammePublished, then
-- each EventProgrammeChanged): its JSON as it went out, to tell a change
-- from a repeat, and its revision.
CREATE TABLE event_programmes (
    event_id UUID PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    programme TEXT NOT NULL,
    revision INTEGER NOT NULL CHECK (revision > 0),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
