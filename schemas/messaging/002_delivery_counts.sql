-- How often the kernel saw each message redelivered. Classic queues keep no
-- delivery count, so a message that kills the worker would come back for
-- ever: the consumer counts a redelivered message here, in a transaction of
-- its own committed before it handles it, and parks it once it has been
-- delivered too often. Pruned with the inbox (same retention).
CREATE TABLE delivery_counts (
    message_id uuid PRIMARY KEY,
    redeliveries integer NOT NULL,
    last_delivered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_counts_last_delivered_at ON delivery_counts (last_delivered_at);
