-- Codes the probe's Store command and Observed event write: too long a code
-- (22001) or the word 'banned' (23514) is a data error from PostgreSQL.
CREATE TABLE probe_codes (
    message_id uuid PRIMARY KEY,
    n integer NOT NULL,
    code varchar(8) NOT NULL CHECK (code <> 'banned')
);
