-- Issue 11 item 5: SessionScheduled, SessionRescheduled and SessionUpdated
-- carry the session's title and description, so the copy keeps both.
ALTER TABLE sessions ADD COLUMN description TEXT;
