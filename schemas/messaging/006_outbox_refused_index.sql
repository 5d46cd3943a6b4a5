-- The relay's "does an earlier row of this aggregate wait after a refusal?"
-- asks this index, whose predicate does not mention sent_at: with a
-- predicate on sent_at the planner, whose statistics say nearly every row is
-- sent (they were gathered before a burst), would take the unsent-rows index
-- instead and walk the whole backlog for each row it claims. A row waits only
-- while unsent (it goes out once due), so `next_attempt_at > now` alone names
-- waiting rows.
CREATE INDEX outbox_refused ON outbox (aggregate_id, id) WHERE next_attempt_at IS NOT NULL;
DROP INDEX outbox_waiting;
