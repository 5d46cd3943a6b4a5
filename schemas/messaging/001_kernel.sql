-- The messaging kernel's tables; applied to every context database before
-- the context's own migrations.

-- Inbox: one row per message a handler has applied. Written in the same
-- transaction as the handler's effects, so a redelivery finds it and changes
-- nothing.
CREATE TABLE inbox (
    message_id uuid NOT NULL,
    handler text NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, handler)
);
CREATE INDEX inbox_handled_at ON inbox (handled_at);

-- Outbox: messages a handler wants published, written in its transaction.
-- The relay publishes unsent rows in id order per aggregate and stamps
-- sent_at only after the broker's confirm.
CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    message_id uuid NOT NULL UNIQUE,
    exchange text NOT NULL,
    routing_key text NOT NULL,
    aggregate_id text NOT NULL,
    message_type text NOT NULL,
    correlation_id uuid NOT NULL,
    occurred_at timestamptz NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_unsent_by_aggregate ON outbox (aggregate_id, id) WHERE sent_at IS NULL;
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Durable timers: a message to put in the outbox at due_at. A key names the
-- timer so a handler can cancel it (e.g. every reminder of one invitation).
CREATE TABLE timers (
    id uuid PRIMARY KEY,
    timer_key text NOT NULL,
    due_at timestamptz NOT NULL,
    exchange text NOT NULL,
    routing_key text NOT NULL,
    aggregate_id text NOT NULL,
    message_type text NOT NULL,
    correlation_id uuid NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    fired_at timestamptz,
    cancelled_at timestamptz
);
CREATE INDEX timers_due ON timers (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX timers_key ON timers (timer_key) WHERE fired_at IS NULL AND cancelled_at IS NULL;
