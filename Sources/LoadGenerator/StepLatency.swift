/// One saga step's latency figures, in milliseconds.
public struct StepLatency: Codable, Sendable, Equatable {
    /// e.g. `RegisterAttendee → RegistrationConfirmed|RegistrationWaitlisted`.
    public var step: String
    /// How many latencies were recorded.
    public var count: Int
    public var p50: Double
    public var p90: Double
    public var p99: Double
    public var max: Double

    public init(step: String, count: Int, p50: Double, p90: Double, p99: Double, max: Double) {
        self.step = step
        self.count = count
        self.p50 = p50
        self.p90 = p90
        self.p99 = p99
        self.max = max
    }
}
