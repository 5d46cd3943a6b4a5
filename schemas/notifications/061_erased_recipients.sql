-- People erased (speakers.SpeakerErased, attendees.AttendeeErased) and when:
-- a profile or registration message published before the erasure but taken
-- after it (lanes, replicas) copies nothing back; one newer than the erasure
-- is a new person's. Keyed by the SHA-256 of the id's text, so the erased
-- id itself is not kept: whoever holds a message naming it can still match.
CREATE TABLE erased_recipients (
    id_digest bytea PRIMARY KEY,
    erased_at timestamp with time zone NOT NULL
);
