-- People erased (speakers.SpeakerErased, attendees.AttendeeErased) and when:
-- a profile or registration message published before the erasure but taken
-- after it (lanes, replicas) copies nothing back. Only the bare id stays, as
-- in partners' erased links and events' erased speaker names; a message
-- newer than the erasure is a new person's.
CREATE TABLE erased_recipients (
    id uuid PRIMARY KEY,
    erased_at timestamp with time zone NOT NULL
);
