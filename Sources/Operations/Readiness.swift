/// A worker's answer on `/health/ready`.
public enum Readiness: String, Sendable, Hashable {
    /// 200: every lane consuming.
    case ready
    /// It answered, not ready (starting, reconnecting, a lane restarting).
    case notReady = "not ready"
    /// Nothing answered: stopped, or not reachable from here.
    case down
}
