public import Identifiers

/// Reads a registration run's answers: the latency of each saga step and
/// the invariants of the seat saga (DESIGN.md, "Attendee registration").
///
/// A RegisterAttendee's direct answer is attendees' RegistrationRequested
/// (or its CommandRejected); events answers the request with SeatReserved or
/// SeatRejected; attendees ends the saga with RegistrationConfirmed,
/// RegistrationWaitlisted or RegistrationRejected. Every message of the saga
/// carries the command's id as correlation id.
public enum RegistrationAnalysis {
    public static let requested = "RegisterAttendee → RegistrationRequested"
    public static let seat = "RegisterAttendee → SeatReserved|SeatRejected"
    public static let outcome = "RegisterAttendee → RegistrationConfirmed|RegistrationWaitlisted"
    public static let steps = [requested, seat, outcome]

    /// Whether a message ends the registration saga it belongs to.
    public static func endsSaga(_ message: ObservedMessage) -> Bool { message.isOutcome }

    /// - Parameters:
    ///   - commands: the RegisterAttendee sent, each with its event as target.
    ///   - capacities: every event's capacity.
    ///   - observed: what the run's queue received.
    public static func findings(commands: [SentCommand], capacities: [Identifier: Int], observed: [Observed]) -> LoadFindings {
        let index = AnswerIndex(observed)
        var latencies = LatencyBook(steps: steps)
        var tallies: [Identifier: EventTally] = [:]
        for (event, capacity) in capacities {
            tallies[event] = EventTally(
                event: event, capacity: capacity, registrations: 0, confirmed: 0, waitlisted: 0, refused: 0, unanswered: 0
            )
        }
        var positions: [Identifier: [Int]] = [:]
        var seatCounts: [Identifier: [Int]] = [:]
        var answeredTwice = 0
        var refusals = RefusalCount()
        var lastAnswer: Duration?

        for command in commands {
            let answers = index.answers(to: command.id) { $0.isRequestAnswer }
            let seats = index.saga(of: command.id) { $0.isSeatAnswer }
            let outcomes = index.saga(of: command.id) { $0.isOutcome }
            if answers.count > 1 || seats.count > 1 || outcomes.count > 1 { answeredTwice += 1 }
            if let first = answers.first { latencies.record(requested, first.at - command.due) }
            if let first = seats.first { latencies.record(seat, first.at - command.due) }
            for seatAnswer in seats {
                if case .seatReserved(_, _, let count) = seatAnswer.message { seatCounts[command.target, default: []].append(count) }
            }

            var tally =
                tallies[command.target]
                ?? EventTally(event: command.target, capacity: 0, registrations: 0, confirmed: 0, waitlisted: 0, refused: 0, unanswered: 0)
            tally.registrations += 1
            if let first = outcomes.first {
                latencies.record(outcome, first.at - command.due)
                lastAnswer = max(lastAnswer ?? first.at, first.at)
                switch first.message {
                case .registrationConfirmed: tally.confirmed += 1
                case .registrationWaitlisted(_, _, let position):
                    tally.waitlisted += 1
                    positions[command.target, default: []].append(position)
                default: tally.refused += 1
                }
            } else {
                tally.unanswered += 1
            }
            refusals.add(answers + outcomes)
            tallies[command.target] = tally
        }

        let events = tallies.values.sorted { $0.event < $1.event }
        let missing = events.reduce(0) { $0 + $1.unanswered }
        let invariants = [
            InvariantCheck(
                "every command answered", holds: missing == 0,
                detail: "\(missing) of \(commands.count) RegisterAttendee without an outcome"
            ),
            InvariantCheck(
                "nothing answered twice", holds: answeredTwice == 0,
                detail: "\(answeredTwice) RegisterAttendee with more than one request, seat answer or outcome"
            ),
            refusals.check("no registration refused"),
            perEvent("confirmed = min(capacity, registrations)", events) { tally in
                let expected = min(tally.capacity, tally.registrations)
                return tally.confirmed == expected ? nil : "\(tally.confirmed) confirmed, expected \(expected)"
            },
            perEvent("waitlist positions 1…k without gaps or repeats", events) { tally in
                gapOrRepeat(positions[tally.event] ?? []).map { "waitlist positions: \($0)" }
            },
            perEvent("seat counts 1…c without gaps or repeats", events) { tally in
                gapOrRepeat(seatCounts[tally.event] ?? []).map { "SeatReserved counts: \($0)" }
            },
        ]
        return LoadFindings(
            latencies: latencies, events: events, invariants: invariants, answered: commands.count - missing, missing: missing,
            duplicateDeliveries: index.duplicateDeliveries, lastAnswer: lastAnswer
        )
    }

    /// Holds when `problem` finds nothing wrong with any event; names the first few that break it.
    static func perEvent(_ name: String, _ events: [EventTally], _ problem: (EventTally) -> String?) -> InvariantCheck {
        let broken = events.compactMap { tally in problem(tally).map { "event \(tally.event): \($0)" } }
        let shown = broken.prefix(5).joined(separator: "; ")
        return InvariantCheck(name, holds: broken.isEmpty, detail: broken.count > 5 ? "\(shown); and \(broken.count - 5) more" : shown)
    }

    /// Nil when `numbers` are exactly 1...k in some order; else what is wrong.
    static func gapOrRepeat(_ numbers: [Int]) -> String? {
        let sorted = numbers.sorted()
        guard let wrong = sorted.indices.first(where: { sorted[$0] != $0 + 1 }) else { return nil }
        let repeats = sorted.count - Set(sorted).count
        return repeats > 0
            ? "\(repeats) repeated among \(sorted.count)"
            : "\(sorted.count) numbers, \(wrong + 1) missing (next is \(sorted[wrong]))"
    }
}
