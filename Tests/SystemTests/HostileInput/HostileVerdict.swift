import Messaging
import TestSupport

/// What became of one message at one worker, against what must have.
struct HostileVerdict {
    let message: HostileMessage
    let worker: String
    let expectation: HostileExpectation
    /// Answered with one CommandRejected.
    let rejected: Bool
    /// A command answered with its events, or an event taken by its handler.
    let handled: Bool
    let parked: [ParkingLot.Entry]
    let rejectionReason: String?
    /// Everything wrong; empty when the worker did what it must.
    let problems: [String]

    init(_ message: HostileMessage, at worker: String, _ expectation: HostileExpectation, _ observed: HostileObservation) {
        self.message = message
        self.worker = worker
        self.expectation = expectation
        let answers = observed.answers(to: message, from: worker)
        let rejections = answers.filter { $0.routingKey == "\(worker).CommandRejected" }
        let isCommand = [.rejected, .answered, .parkedUnanswered].contains(expectation)
        let parked = observed.parked(message, at: worker)
        self.parked = parked
        rejected = !rejections.isEmpty
        handled = isCommand ? answers.count > rejections.count : observed.handled(message, at: worker)
        rejectionReason = rejections.first?.string("reason")

        var problems: [String] = []
        func require(_ condition: Bool, _ problem: String) { if !condition { problems.append(problem) } }
        require(parked.count <= 1, "parked \(parked.count) times")
        switch expectation {
        case .rejected:
            require(answers.count == 1 && rejections.count == 1, "not answered by exactly one CommandRejected: \(Self.names(answers))")
        case .answered:
            require(!answers.isEmpty, "not answered")
            require(rejections.isEmpty || answers.count == 1, "answered twice or more: \(Self.names(answers))")
            require(parked.isEmpty || !rejections.isEmpty, "parked without an answer")
        case .parkedUnanswered:
            require(parked.count == 1, "not parked")
            require(answers.isEmpty, "answered though nothing names it: \(Self.names(answers))")
        case .parked:
            require(parked.count == 1, "not parked")
            require(!handled, "handled")
            require(answers.isEmpty, "caused \(Self.names(answers))")
        case .tolerated:
            require(handled != (parked.count == 1), handled ? "handled and parked" : "neither handled nor parked")
        case .handled:
            require(handled, "not handled")
            require(parked.isEmpty, "parked as \(parked.first?.reason ?? "?")")
        }
        for entry in parked {
            require(entry.attempts == 0, "parked after \(entry.attempts) attempts: retried an error that cannot go away")
            require(!["", "unknown", "forged"].contains(entry.reason), "parked with reason '\(entry.reason)'")
            require(!entry.error.contains(HostileGenerator.marker), "the park error echoes the input: \(entry.error)")
        }
        for rejection in rejections {
            require(
                rejection.string("commandType") == message.routingKey.split(separator: ".").last.map(String.init),
                "rejected as \(rejection.string("commandType") ?? "?")")
            require(
                !String(decoding: rejection.body, as: UTF8.self).contains(HostileGenerator.marker),
                "the rejection echoes the input: \(rejection.string("message") ?? "")")
        }
        self.problems = problems.map { "\(worker): \(message.label): \($0)" }
    }

    /// The tally's outcome column.
    var outcome: String {
        switch (rejected, handled, parked.isEmpty) {
        case (true, _, true): "rejected"
        case (true, _, false): "rejected+parked"
        case (false, true, _): "handled"
        case (false, false, false): "parked"
        case (false, false, true): "lost"
        }
    }

    private static func names(_ events: [PublishedEvent]) -> String {
        events.isEmpty ? "nothing" : events.map(\.routingKey).joined(separator: ", ")
    }
}
