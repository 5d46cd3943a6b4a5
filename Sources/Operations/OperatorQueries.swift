/// What `batbern status` asks a context's database, as the read-only
/// operator role: the kernel's bookkeeping columns only, which is all that
/// role may read (`OperatorRoleTests` runs these as it).
public enum OperatorQueries {
    /// Unsent outbox rows, and the oldest one's age in seconds (0 when none).
    public static let outboxBacklog = """
        SELECT count(*)::bigint, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8
        FROM outbox WHERE sent_at IS NULL
        """

    /// Timers due now or earlier that have neither fired nor been cancelled,
    /// and how long ago the earliest fell due, in seconds (0 when none).
    public static let timersDue = """
        SELECT count(*)::bigint, COALESCE(EXTRACT(EPOCH FROM now() - min(due_at)), 0)::float8
        FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= now()
        """
}
