public import Identifiers
public import Messaging

/// What `batbern send` has heard of its command's flow, and when it may stop
/// listening: at once on its `CommandRejected`; after its events once the
/// flow has been quiet for `quietPeriod`; with no answer at all after `wait`.
/// Pure: the caller passes the time, so a test needs no clock.
public struct AnswerWatch: Sendable {
    public struct Configuration: Sendable {
        /// Silence after the last message of the flow that ends the wait. Default 200 ms.
        public var quietPeriod: Duration = .milliseconds(200)
        /// Longest wait, answered or not. Default 10 s.
        public var wait: Duration = .seconds(10)

        public init() {}
    }

    public let command: Identifier
    public let correlation: Identifier
    public let configuration: Configuration
    public let started: ContinuousClock.Instant
    /// Messages caused by the command (its answer).
    public private(set) var answers = 0
    /// Later messages of the same conversation (their answers, and so on).
    public private(set) var followUps = 0
    public private(set) var rejection: (reason: String, message: String)?
    private var lastHeard: ContinuousClock.Instant?

    public init(command: Identifier, correlation: Identifier, configuration: Configuration, started: ContinuousClock.Instant) {
        self.command = command
        self.correlation = correlation
        self.configuration = configuration
        self.started = started
    }

    /// Takes one message from the bus; returns whether it belongs to the
    /// command's flow (its answer, or a later message of its conversation).
    public mutating func observe(_ header: EnvelopeHeader, data: JSONValue?, at now: ContinuousClock.Instant) -> Bool {
        guard header.id != command else { return false }
        if header.causationId == command {
            answers += 1
            if header.eventType == "CommandRejected" {
                rejection = (data?["reason"]?.stringValue ?? "unknown", data?["message"]?.stringValue ?? "")
            }
        } else if header.correlationId == correlation {
            followUps += 1
        } else {
            return false
        }
        lastHeard = now
        return true
    }

    /// When to stop if nothing more arrives.
    public var deadline: ContinuousClock.Instant {
        let limit = started + configuration.wait
        if rejection != nil { return started }
        guard answers > 0, let lastHeard else { return limit }
        return min(lastHeard + configuration.quietPeriod, limit)
    }

    /// The outcome so far; once `deadline` has passed it is final.
    public var outcome: SendOutcome {
        if let rejection { return .rejected(reason: rejection.reason, message: rejection.message) }
        return answers > 0 ? .answered(events: answers, followUps: followUps) : .noAnswer
    }
}
