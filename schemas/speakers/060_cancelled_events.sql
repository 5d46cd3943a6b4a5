-- Events speakers heard were cancelled (events.EventCancelled). Lanes or
-- replicas may take an event's cancellation before a SessionScheduled
-- published ahead of it: the session copy it writes is then cancelled too,
-- so the late session takes no invitation. Numbered 060 to stay clear of
-- migrations written at the same time; they apply by name, gaps allowed.
CREATE TABLE cancelled_events (
    event_id UUID PRIMARY KEY,
    cancelled_at TIMESTAMP WITH TIME ZONE NOT NULL
);
