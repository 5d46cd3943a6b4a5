-- An event's waitlist in queue order: its length (the last position, since
-- positions run 1..k without gaps) and its front are one index probe, not a
-- count over every registration of the event (which made a registration
-- burst into one event quadratic).
CREATE INDEX event_registrations_waitlist ON event_registrations (event_id, waitlist_position)
    WHERE status = 'waitlisted';
