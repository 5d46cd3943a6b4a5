-- The newest message of each registration that notifications took (its
-- occurredAt). A registration's messages may be taken out of order (lanes,
-- replicas, retries while the attendee's copy is missing): one older than
-- this mails nothing and marks nothing. Erased with the attendee. Numbered
-- 060 to stay clear of migrations written at the same time.
CREATE TABLE registration_progress (
    registration_id uuid PRIMARY KEY,
    attendee_id uuid NOT NULL,
    as_of timestamp with time zone NOT NULL
);
CREATE INDEX registration_progress_attendee ON registration_progress (attendee_id);
