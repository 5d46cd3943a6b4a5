-- Issue 11: an event's topics, and the status `cancelled` beside the seed's
-- ten (CancelEvent; see docs/events-speakers.md).

ALTER TABLE events DROP CONSTRAINT events_status_check;
ALTER TABLE events ADD CONSTRAINT events_status_check CHECK (status IN (
    'planning', 'topic_defined', 'speakers_invited', 'agenda_draft',
    'published', 'registration_open', 'registration_closed',
    'in_progress', 'completed', 'archived', 'cancelled'
));
ALTER TABLE events
    ADD COLUMN cancelled_at TIMESTAMP WITH TIME ZONE,
    ADD COLUMN cancellation_reason TEXT,
    ADD CONSTRAINT events_cancelled_has_reason
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancellation_reason IS NOT NULL));

-- The seed's Event.topics (its Topic type is not spelled out): what an
-- evening is about, and what partners vote on. A title once per event.
CREATE TABLE event_topics (
    id UUID PRIMARY KEY,
    event_id UUID NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    title VARCHAR(255) NOT NULL,
    description TEXT,
    tags TEXT[] NOT NULL DEFAULT '{}',
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT event_topics_tags_bounded CHECK (cardinality(tags) <= 20)
);
CREATE UNIQUE INDEX event_topics_title_per_event ON event_topics (event_id, lower(title));
