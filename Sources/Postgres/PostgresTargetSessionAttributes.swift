extension PostgresConnection.Configuration {
    /// The session libpq settles for, trying the servers in order (its
    /// `target_session_attrs`). A worker lists a primary and its standby with
    /// `.readWrite`: while neither takes writes (the primary lost, the standby
    /// not yet promoted) connecting fails, and is retried, instead of landing
    /// on a server that refuses every write.
    public enum TargetSessionAttributes: String, Sendable, CaseIterable {
        /// The first server that answers; libpq's default.
        case any
        case readWrite = "read-write"
        case readOnly = "read-only"
        case primary
        case standby
        case preferStandby = "prefer-standby"
    }
}
