-- Issue 11: the event copy knows `cancelled` (events.EventCancelled) and
-- follows events.EventUpdated: details_changed_at is the occurredAt of the
-- message that set title, dates and capacity, so an older update delivered
-- late never overwrites a newer one (NULL: as of status_changed_at).
ALTER TABLE event_copies DROP CONSTRAINT event_copies_status_check;
ALTER TABLE event_copies ADD CONSTRAINT event_copies_status_check CHECK (status IN (
    'planning', 'topic_defined', 'speakers_invited', 'agenda_draft',
    'published', 'registration_open', 'registration_closed',
    'in_progress', 'completed', 'archived', 'cancelled'
));
ALTER TABLE event_copies ADD COLUMN details_changed_at TIMESTAMP WITH TIME ZONE;
