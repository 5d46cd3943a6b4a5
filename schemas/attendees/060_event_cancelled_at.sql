-- When events.EventCancelled was taken for the event. Lanes or replicas may
-- take an event's cancellation before its EventCreated, when there is no
-- copy to mark yet: the copy the late EventCreated writes is then cancelled.
-- Set under the event's waitlist lock (this row). Numbered 060 to stay clear
-- of migrations written at the same time; they apply by name, gaps allowed.
ALTER TABLE event_waitlists ADD COLUMN cancelled_at TIMESTAMP WITH TIME ZONE;
