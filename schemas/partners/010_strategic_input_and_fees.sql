-- Issue 12, items 2-5: the data architecture's Partner.strategicInput
-- (topic suggestions and votes), a partnership fee so roiCalculations is a
-- ratio per fee unit, and the copies of events' topics and sessions the
-- votes, the topic influence score and the partner report read.
-- docs/analytics.md, "Strategic input" and "Benefits and fee".

-- The fee the partner pays for its partnership, in whole Swiss francs:
-- StartPartnership's or ChangePartnershipLevel's partnershipFee, else the
-- tier's default. Existing partnerships get their tier's default.
ALTER TABLE partners ADD COLUMN partnership_fee INTEGER;
UPDATE partners SET partnership_fee = CASE partnership_level
    WHEN 'bronze' THEN 2500 WHEN 'silver' THEN 5000 WHEN 'gold' THEN 10000
    WHEN 'platinum' THEN 20000 ELSE 40000 END;
ALTER TABLE partners ALTER COLUMN partnership_fee SET NOT NULL;
ALTER TABLE partners ADD CONSTRAINT partners_fee_positive CHECK (partnership_fee > 0);

-- events' topics (from events.EventTopicDefined), with the normalised title
-- suggestions are matched by.
CREATE TABLE event_topics (
    topic_id UUID PRIMARY KEY,
    event_id UUID NOT NULL,
    title VARCHAR(255) NOT NULL,
    normalized_title VARCHAR(255) NOT NULL,
    defined_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX idx_event_topics_normalized_title ON event_topics(normalized_title);
CREATE INDEX idx_event_topics_event_id ON event_topics(event_id);

-- events' sessions (from events.SessionScheduled): which event a session
-- engaged with belongs to, for the partner report's counts per event.
CREATE TABLE event_sessions (
    session_id UUID PRIMARY KEY,
    event_id UUID NOT NULL
);

-- A partner's topic suggestions, by one of its contacts (the id stays when
-- the contact is removed: ids are not personal data). adopted_topic_id is
-- the first topic defined after the suggestion whose normalised title is
-- the same; one open suggestion per partner and normalised title.
CREATE TABLE topic_suggestions (
    id UUID PRIMARY KEY,
    partner_id UUID NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
    contact_id UUID NOT NULL,
    title VARCHAR(255) NOT NULL,
    normalized_title VARCHAR(255) NOT NULL,
    description TEXT,
    suggested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    adopted_topic_id UUID,
    adopted_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX idx_topic_suggestions_partner_id ON topic_suggestions(partner_id);
CREATE INDEX idx_topic_suggestions_open_title ON topic_suggestions(normalized_title) WHERE adopted_topic_id IS NULL;
CREATE UNIQUE INDEX idx_topic_suggestions_one_open ON topic_suggestions(partner_id, normalized_title) WHERE adopted_topic_id IS NULL;

-- One vote per partner per topic or suggestion (target), changeable; the
-- weight is the partner's tier's when it voted last.
CREATE TABLE topic_votes (
    partner_id UUID NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
    target_type VARCHAR(20) NOT NULL CHECK (target_type IN ('topic', 'suggestion')),
    target_id UUID NOT NULL,
    contact_id UUID NOT NULL,
    vote VARCHAR(10) NOT NULL CHECK (vote IN ('for', 'against')),
    weight INTEGER NOT NULL CHECK (weight > 0),
    voted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (partner_id, target_id)
);
CREATE INDEX idx_topic_votes_target_id ON topic_votes(target_id);
