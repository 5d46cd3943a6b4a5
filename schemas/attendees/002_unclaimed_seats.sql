-- Freed seats no waitlisted registration could ask for when their
-- SeatReleased was handled. Competing consumers and retries can take a
-- release before the refusal (event_full) that waitlists someone; without
-- this the seat would stay free while that registration waits. The next
-- registration that joins the queue, or whose request is refused as full,
-- asks for one of these at once. Changed only under the event's waitlist
-- lock (this row).
ALTER TABLE event_waitlists
    ADD COLUMN unclaimed_seats INTEGER NOT NULL DEFAULT 0
        CONSTRAINT event_waitlists_unclaimed_seats_not_negative CHECK (unclaimed_seats >= 0);
