-- Issue 12 item 10: a seat per session, kept the way event seats are (see
-- docs/events-speakers.md, "Session seats"). One row per (registration,
-- session): the latest choice of the session events heard of (choice_number,
-- from attendees: 1, 2 … as the attendee chooses it again), when it got its seat
-- and when it was given back. A session's seats taken are its rows without
-- released_at, counted under the event's row lock (as every seat decision of
-- the event), so no column of sessions has to follow them. Sessions without
-- a capacity take any number.
CREATE TABLE session_seats (
    registration_id UUID NOT NULL,
    session_id UUID NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    event_id UUID NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    attendee_id UUID,
    choice_number INTEGER NOT NULL CHECK (choice_number > 0),
    reserved_at TIMESTAMP WITH TIME ZONE,
    -- Set when the choice was dropped or the registration cancelled. A drop
    -- that arrives before its request leaves a row with reserved_at NULL, so
    -- the request takes nothing when it comes.
    released_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (registration_id, session_id),
    CONSTRAINT session_seats_reserved_or_released CHECK (reserved_at IS NOT NULL OR released_at IS NOT NULL)
);
CREATE INDEX idx_session_seats_held ON session_seats(session_id) WHERE released_at IS NULL;
CREATE INDEX idx_session_seats_registration_held ON session_seats(registration_id) WHERE released_at IS NULL;
