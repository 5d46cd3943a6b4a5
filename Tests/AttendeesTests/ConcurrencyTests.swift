import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Attendees

/// Competing consumers: several connections run the production processor on
/// the same schema at once, in batches, retrying what fails the way the retry
/// queues would.
struct Consumers {
    let processor: MessageProcessor
    let connections: [PostgresConnection]

    struct Parked: Error, CustomStringConvertible {
        let description: String
    }

    static func open(_ h: HandlerHarness, count: Int) async throws -> Consumers {
        var configuration = try PostgresConnection.Configuration(url: TestServers.postgresURL)
        configuration.searchPath = h.schema
        var connections: [PostgresConnection] = []
        for _ in 0..<count { connections.append(try await PostgresConnection.connect(configuration)) }
        return Consumers(processor: h.processor, connections: connections)
    }

    func close() async {
        for connection in connections { await connection.close() }
    }

    static func delivery<P: Codable & Sendable>(_ key: MessageKey, _ data: P) throws -> IncomingDelivery {
        let envelope = Envelope(aggregateId: Identifier().description, aggregateType: "", eventType: key.name, occurredAt: Date(), data: data)
        return IncomingDelivery(body: try MessageCoding.encode(envelope), routingKey: key.routingKey)
    }

    /// Delivers everything at once, spread over the connections, and returns
    /// what was published.
    func deliverAll(_ deliveries: [IncomingDelivery], batch: Int = 4) async throws -> [PublishedMessage] {
        try await deliverCounting(deliveries, batch: batch).published
    }

    /// Also counts the retries: messages that failed and batches that deadlocked.
    func deliverCounting(_ deliveries: [IncomingDelivery], batch: Int = 4) async throws -> (published: [PublishedMessage], retries: Int) {
        let lanes = connections.count
        let processor = processor
        return try await withThrowingTaskGroup(of: ([OutgoingMessage], Int).self) { group in
            for (lane, connection) in connections.enumerated() {
                let mine = stride(from: lane, to: deliveries.count, by: lanes).map { deliveries[$0] }
                group.addTask { try await Self.run(mine, processor: processor, on: connection, batch: batch) }
            }
            var published: [OutgoingMessage] = []
            var retries = 0
            for try await (lane, laneRetries) in group {
                published += lane
                retries += laneRetries
            }
            return (published.map(PublishedMessage.init), retries)
        }
    }

    private static func run(
        _ deliveries: [IncomingDelivery], processor: MessageProcessor, on connection: PostgresConnection, batch: Int
    ) async throws -> ([OutgoingMessage], Int) {
        var pending = deliveries[...]
        var published: [OutgoingMessage] = []
        var retries = 0
        var rounds = 0
        while !pending.isEmpty {
            rounds += 1
            guard rounds < 20_000 else { throw Parked(description: "gave up retrying") }
            let chunk = Array(pending.prefix(batch))
            let outcomes: [MessageProcessor.Outcome]
            do {
                outcomes = try await processor.process(chunk.map(processor.prepare), now: Date(), on: connection)
            } catch let error as PostgresError where error.isSerializationFailure {
                retries += 1
                continue  // deadlock: the whole batch again
            }
            pending.removeFirst(chunk.count)
            for (delivery, outcome) in zip(chunk, outcomes) {
                switch outcome {
                case .handled(let effects): published += effects.published
                case .duplicate: break
                case .failed:
                    retries += 1
                    pending.append(delivery)  // a retry queue sends it back later
                case .park(let reason, let error): throw Parked(description: "\(reason): \(error)")
                case .dropped: throw Parked(description: "dropped")
                }
            }
        }
        return (published, retries)
    }
}

extension Array where Element == PublishedMessage {
    func decoded<P: Codable & Sendable>(_ name: String, as type: P.Type) throws -> [P] {
        try filter { $0.routingKey == "attendees.\(name)" }.map { try $0.decode(P.self) }
    }
}

@Suite struct ConcurrencyTests {
    /// The load: 500 people for 100 seats, then 10 cancellations.
    @Test func fiveHundredRegistrationsForAHundredSeats() async throws {
        let h = try await attendeesHarness()
        let consumers = try await Consumers.open(h, count: 4)
        let event = Identifier()

        let commands = try (0..<500).map { i in
            try Consumers.delivery(Key.register, command(eventId: event, email: "person\(i)@example.ch"))
        }
        let requested = try await consumers.deliverAll(commands).decoded("RegistrationRequested", as: RegistrationRequested.self)
        #expect(requested.count == 500)
        #expect(Set(requested.map(\.registrationId)).count == 500)

        // Playing events: the first 100 requests it takes get seats, the rest find it full.
        let order = requested.shuffled()
        let answers = try order.enumerated().map { index, request in
            index < 100
                ? try Consumers.delivery(
                    Key.seatReserved, SeatReserved(registrationId: request.registrationId, eventId: event, currentAttendeeCount: index + 1))
                : try Consumers.delivery(Key.seatRejected, SeatRejected(registrationId: request.registrationId, eventId: event, reason: .eventFull))
        }
        let (outcomes, retries) = try await consumers.deliverCounting(answers.shuffled())
        #expect(retries == 0, "the per-event lock orders them; no collisions to retry")
        #expect(try outcomes.decoded("RegistrationConfirmed", as: RegistrationConfirmed.self).count == 100)
        let waitlisted = try outcomes.decoded("RegistrationWaitlisted", as: RegistrationWaitlisted.self)
        #expect(waitlisted.map(\.position).sorted() == Array(1...400), "published positions 1...400, no gaps or repeats")
        #expect(try await h.count("SELECT count(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'", [event]) == 100)
        #expect(try await h.queue(event).map(\.1) == Array(1...400))
        let queueBefore = try await h.queue(event).map(\.0)

        // Ten confirmed cancel at once; events frees ten seats.
        let holders = order.prefix(10).map(\.registrationId)
        let cancelled = try await consumers.deliverAll(holders.map { try Consumers.delivery(Key.cancel, CancelRegistration(registrationId: $0)) })
            .decoded("RegistrationCancelled", as: RegistrationCancelled.self)
        #expect(cancelled.count == 10 && cancelled.allSatisfy(\.heldSeat))
        let releases = try holders.map {
            try Consumers.delivery(Key.seatReleased, SeatReleased(registrationId: $0, eventId: event, currentAttendeeCount: 99))
        }
        let asked = try await consumers.deliverAll(releases).decoded("RegistrationRequested", as: RegistrationRequested.self)
        #expect(Set(asked.map(\.registrationId)) == Set(queueBefore.prefix(10)), "positions 1...10 ask, each once")
        #expect(asked.count == 10)

        let seats = try asked.map {
            try Consumers.delivery(Key.seatReserved, SeatReserved(registrationId: $0.registrationId, eventId: event, currentAttendeeCount: 100))
        }
        #expect(try await consumers.deliverAll(seats).decoded("RegistrationConfirmed", as: RegistrationConfirmed.self).count == 10)
        #expect(try await h.count("SELECT count(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'", [event]) == 100)
        #expect(try await h.queue(event).map(\.0) == Array(queueBefore.dropFirst(10)), "the rest moved up in order")
        #expect(try await h.queue(event).map(\.1) == Array(1...390))

        await consumers.close()
        try await h.drop()
    }

    @Test func oneEmailRegisteringEverywhereAtOnceIsOnePerson() async throws {
        let h = try await attendeesHarness()
        let consumers = try await Consumers.open(h, count: 4)
        let events = (0..<10).map { _ in Identifier() }
        // Ten events, each registered twice, in different spellings of the email.
        let commands = try (events + events).enumerated().map { index, event in
            try Consumers.delivery(Key.register, command(eventId: event, email: index % 2 == 0 ? "same@example.ch" : "SAME@Example.CH"))
        }
        let published = try await consumers.deliverAll(commands.shuffled(), batch: 2)
        #expect(try published.decoded("AttendeeRegistered", as: AttendeeRegistered.self).count == 1)
        #expect(try await h.count("SELECT count(*) FROM attendees") == 1)
        #expect(try await h.count("SELECT count(*) FROM event_registrations") == 10)
        await consumers.close()
        try await h.drop()
    }
}
