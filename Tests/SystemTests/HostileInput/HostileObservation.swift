import Identifiers
import Messaging
import TestSupport
import WorkerHost

/// What became of the messages, seen from outside the workers: the events
/// they caused (from the bus), what each worker parked (its parking queue,
/// listed and left there) and what each handled (its inbox).
struct HostileObservation {
    /// Events the workers published, by the message that caused them.
    let answers: [Identifier: [PublishedEvent]]
    /// Parked messages by worker, found by message id or, without a usable
    /// one, by body.
    private let parkedById: [String: [Identifier: [ParkingLot.Entry]]]
    private let parkedByBody: [String: [[UInt8]: [ParkingLot.Entry]]]
    /// Everything each worker parked.
    let parked: [String: [ParkingLot.Entry]]
    /// `<message id>|<handler>` rows of each worker's inbox.
    private let inbox: [String: Set<String>]

    static func collect(_ system: SystemFixture, _ contexts: [BoundedContext]) async throws -> HostileObservation {
        var parked: [String: [ParkingLot.Entry]] = [:]
        var inbox: [String: Set<String>] = [:]
        for context in contexts {
            guard let topology = try system.topology(context) else { continue }
            parked[context.rawValue] = try await ParkingLot(topology: topology).list(system.client.connection, limit: 100_000)
            let rows = try await system.query(context, "SELECT message_id::text, handler FROM inbox")
            inbox[context.rawValue] = Set(try rows.map { "\(try $0.decode(String.self, at: 0))|\(try $0.decode(String.self, at: 1))" })
        }
        return HostileObservation(answers: answers(system), parked: parked, inbox: inbox)
    }

    /// The workers' events by causation (a hostile message names none).
    static func answers(_ system: SystemFixture) -> [Identifier: [PublishedEvent]] {
        Dictionary(grouping: system.published.filter { $0.header.causationId != nil }) { $0.header.causationId ?? Identifier() }
    }

    private init(answers: [Identifier: [PublishedEvent]], parked: [String: [ParkingLot.Entry]], inbox: [String: Set<String>]) {
        self.answers = answers
        self.parked = parked
        self.inbox = inbox
        parkedById = parked.mapValues { entries in
            Dictionary(grouping: entries.filter { $0.messageId.flatMap(Identifier.init) != nil }) {
                $0.messageId.flatMap(Identifier.init) ?? Identifier()
            }
        }
        parkedByBody = parked.mapValues { entries in Dictionary(grouping: entries, by: \.body) }
    }

    /// What `worker` parked of `message`.
    func parked(_ message: HostileMessage, at worker: String) -> [ParkingLot.Entry] {
        let byId = parkedById[worker]?[message.id] ?? []
        return byId.isEmpty ? parkedByBody[worker]?[message.body] ?? [] : byId
    }

    /// Whether `worker` handled `message` (as itself, not as a rejected copy).
    func handled(_ message: HostileMessage, at worker: String) -> Bool {
        inbox[worker]?.contains("\(message.id)|\(message.routingKey)") ?? false
    }

    /// The events `worker` published because of `message`.
    func answers(to message: HostileMessage, from worker: String) -> [PublishedEvent] {
        (answers[message.id] ?? []).filter { $0.routingKey.hasPrefix("\(worker).") }
    }
}
