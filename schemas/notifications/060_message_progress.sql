-- The newest message notifications took of each registration and of each
-- invitation (speaker and session): its occurredAt; and of each event's
-- programme: its revision. Their messages may be taken out of order (lanes,
-- replicas, retries while the person's copy is missing): an older one mails
-- nothing and marks nothing. Erased with the person. Numbered 060 to stay clear of migrations written at the same
-- time; they apply by name, gaps allowed.
CREATE TABLE registration_progress (
    registration_id uuid PRIMARY KEY,
    attendee_id uuid NOT NULL,
    as_of timestamp with time zone NOT NULL
);
CREATE INDEX registration_progress_attendee ON registration_progress (attendee_id);

CREATE TABLE invitation_progress (
    speaker_id uuid NOT NULL,
    session_id uuid NOT NULL,
    as_of timestamp with time zone NOT NULL,
    PRIMARY KEY (speaker_id, session_id)
);

CREATE TABLE programme_revisions (
    event_id uuid PRIMARY KEY,
    revision integer NOT NULL
);
