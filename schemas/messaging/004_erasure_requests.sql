-- Erasure requests: a handler asked (HandlerContext.forgetMessages) that the
-- messages in the worker's retry and parking queues mentioning these needles
-- (of these routing keys, or of any when NULL) be removed. Written in the
-- handler's transaction; the worker sweeps its parking queue once the row is
-- committed (swept_at), drops messages coming back from a retry queue while
-- the row exists, sweeps again once active_until has passed (the longest
-- retry delay and a margin) and then deletes the row: the needles are
-- personal data themselves.
CREATE TABLE erasure_requests (
    id uuid PRIMARY KEY,
    needles text[] NOT NULL CHECK (cardinality(needles) > 0),
    routing_keys text[] CHECK (cardinality(routing_keys) > 0),
    reason text NOT NULL,
    requested_at timestamptz NOT NULL,
    active_until timestamptz NOT NULL,
    swept_at timestamptz
);
CREATE INDEX erasure_requests_active_until ON erasure_requests (active_until);
