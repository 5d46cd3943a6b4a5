import Identifiers
import LoadGenerator

/// The messages a registration run would see, written step by step; times
/// in milliseconds from the run's start.
struct RegistrationScript {
    let event = Identifier()
    var commands: [SentCommand] = []
    var observed: [Observed] = []

    /// A RegisterAttendee due at `due` and sent at `sent` (default: on time).
    mutating func command(due: Int, sent: Int? = nil) -> Identifier {
        let id = Identifier()
        commands.append(SentCommand(id: id, target: event, due: .milliseconds(due), sent: .milliseconds(sent ?? due)))
        return id
    }

    /// A message of `command`'s saga; `direct` when the command caused it itself.
    @discardableResult
    mutating func see(
        _ message: ObservedMessage, of command: Identifier, direct: Bool = false, at ms: Int, id: Identifier = Identifier()
    ) -> Identifier {
        observed.append(
            Observed(
                id: id, correlationId: command, causationId: direct ? command : Identifier(), message: message, at: .milliseconds(ms)
            ))
        return id
    }

    /// Requested, seat reserved (the `count`th seat), confirmed.
    mutating func confirm(_ command: Identifier, count: Int, at ms: Int) {
        let registration = Identifier()
        see(.registrationRequested(registration: registration, event: event), of: command, direct: true, at: ms)
        see(.seatReserved(registration: registration, event: event, count: count), of: command, at: ms + 1)
        see(.registrationConfirmed(registration: registration, event: event), of: command, at: ms + 2)
    }

    /// Requested, seat refused (full), waitlisted at `position`.
    mutating func waitlist(_ command: Identifier, position: Int, at ms: Int) {
        let registration = Identifier()
        see(.registrationRequested(registration: registration, event: event), of: command, direct: true, at: ms)
        see(.seatRejected(registration: registration, event: event, reason: "event_full"), of: command, at: ms + 1)
        see(.registrationWaitlisted(registration: registration, event: event, position: position), of: command, at: ms + 2)
    }

    func findings(capacity: Int) -> LoadFindings {
        RegistrationAnalysis.findings(commands: commands, capacities: [event: capacity], observed: observed)
    }
}

extension LoadFindings {
    /// The names of the invariants that do not hold.
    var broken: [String] { invariants.filter { !$0.holds }.map(\.name) }
}
