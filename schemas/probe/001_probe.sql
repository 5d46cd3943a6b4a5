-- Tables of the kernel probe worker (Sources/Messaging/Probe): a worker that
-- exercises every kernel path, for tests and for checking a deployment.
CREATE TABLE probe_effects (
    message_id uuid PRIMARY KEY,
    n integer NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now()
);

-- While this holds a row, Explode stops failing ("the bug is fixed").
CREATE TABLE probe_fixed (
    fixed boolean PRIMARY KEY
);
