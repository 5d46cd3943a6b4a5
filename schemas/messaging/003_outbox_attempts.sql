-- Rows the broker refused (a mandatory command no queue took, or a nack)
-- wait before the relay offers them again, with a delay of their own that
-- grows with each refusal: refused `attempts` times, last at
-- `last_attempt_at`, next no earlier than `next_attempt_at`. A waiting row
-- holds back the later rows of its aggregate; nothing is dropped.
ALTER TABLE outbox
    ADD COLUMN attempts integer NOT NULL DEFAULT 0,
    ADD COLUMN last_attempt_at timestamptz,
    ADD COLUMN next_attempt_at timestamptz;

-- The relay's check "does an earlier row of this aggregate wait?": only
-- refused rows are in it, so it stays small.
CREATE INDEX outbox_waiting ON outbox (aggregate_id, id)
    WHERE sent_at IS NULL AND next_attempt_at IS NOT NULL;
