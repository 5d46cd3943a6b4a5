-- An outbox row's created_at is when it was written (clock_timestamp), not
-- when its transaction began (now()): the relay delay (written → confirmed
-- by the broker, sent_at) is then measured from the write.
ALTER TABLE outbox ALTER COLUMN created_at SET DEFAULT clock_timestamp();
