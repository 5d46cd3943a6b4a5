-- W3C trace context of outgoing messages (issue 14, distributed tracing):
-- the handling span's `traceparent` (and `tracestate`) is stored with each
-- outbox row, so the relay publishes it later with the right parent, and
-- with each timer, so a timer firing continues the trace of the message
-- that set it. NULL when the message had none and nothing records.
ALTER TABLE outbox ADD COLUMN traceparent text, ADD COLUMN tracestate text;
ALTER TABLE timers ADD COLUMN traceparent text, ADD COLUMN tracestate text;
