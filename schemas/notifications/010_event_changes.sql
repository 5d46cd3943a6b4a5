-- The event copy follows events.EventUpdated (the newest state wins) and
-- events.EventCancelled (no confirmation or waitlisting mailed after it).
ALTER TABLE event_copies
    ADD COLUMN as_of timestamptz NOT NULL DEFAULT '-infinity',
    ADD COLUMN cancelled_at timestamptz;
