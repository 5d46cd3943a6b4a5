-- What `batbern trace` reads to put a flow back together across contexts.
--
-- The inbox keeps the correlation and causation of what it applied (rows
-- from before this migration have none and are not traced); the outbox has
-- its correlation already (its causation is in the body's envelope).
-- `failures` journals each failed attempt that went to a retry queue and each
-- message parked, with its reason (never the message's content); it is
-- pruned with the inbox.
ALTER TABLE inbox ADD COLUMN correlation_id uuid, ADD COLUMN causation_id uuid;
CREATE INDEX inbox_correlation ON inbox (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX outbox_correlation ON outbox (correlation_id);

CREATE TABLE failures (
    id bigserial PRIMARY KEY,
    message_id uuid NOT NULL,
    message_type text NOT NULL,
    correlation_id uuid NOT NULL,
    causation_id uuid,
    outcome text NOT NULL CHECK (outcome IN ('retried', 'parked')),
    reason text NOT NULL,
    attempt integer NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX failures_correlation ON failures (correlation_id);
CREATE INDEX failures_message ON failures (message_id);
CREATE INDEX failures_failed_at ON failures (failed_at);
