-- What `batbern trace` reads to put a flow back together across contexts.
--
-- The inbox keeps the correlation and causation of what it applied, the
-- outbox and timers the causation of what they send (rows from before this
-- migration have none); an operator's role reads them without the bodies.
-- `failures` journals each failed attempt that went to a retry queue, each
-- message parked and each command rejected, with its reason code (never the
-- message's content); it is pruned with the inbox.
ALTER TABLE inbox ADD COLUMN correlation_id uuid, ADD COLUMN causation_id uuid;
CREATE INDEX inbox_correlation ON inbox (correlation_id) WHERE correlation_id IS NOT NULL;
ALTER TABLE outbox ADD COLUMN causation_id uuid;
ALTER TABLE timers ADD COLUMN causation_id uuid;
CREATE INDEX outbox_correlation ON outbox (correlation_id);

CREATE TABLE failures (
    id bigserial PRIMARY KEY,
    message_id uuid NOT NULL,
    message_type text NOT NULL,
    correlation_id uuid NOT NULL,
    causation_id uuid,
    outcome text NOT NULL CHECK (outcome IN ('retried', 'parked', 'rejected')),
    reason text NOT NULL,
    attempt integer NOT NULL,
    failed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX failures_correlation ON failures (correlation_id);
CREATE INDEX failures_message ON failures (message_id);
CREATE INDEX failures_failed_at ON failures (failed_at);

-- The operators' role (batbern_operator, deploy/postgres/context-roles.sql)
-- reads these tables without message bodies or anything of the context's
-- own tables. A later migration that adds a kernel column replaces this
-- function and calls it again; context-roles.sql calls it for a role
-- created after the migrations ran.
CREATE FUNCTION batbern_grant_operator() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'batbern_operator') THEN
        RETURN;
    END IF;
    GRANT SELECT ON inbox, failures, delivery_counts TO batbern_operator;
    GRANT SELECT (id, message_id, exchange, routing_key, aggregate_id, message_type, correlation_id, causation_id,
                  occurred_at, created_at, sent_at, attempts, last_attempt_at, next_attempt_at) ON outbox TO batbern_operator;
    GRANT SELECT (id, timer_key, due_at, exchange, routing_key, aggregate_id, message_type, correlation_id, causation_id,
                  created_at, fired_at, cancelled_at) ON timers TO batbern_operator;
END;
$$;
REVOKE ALL ON FUNCTION batbern_grant_operator() FROM PUBLIC;
SELECT batbern_grant_operator();
