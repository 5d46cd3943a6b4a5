import AMQP
import Attendees
import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing
import WorkerHost

/// Erasure reaches the retry and parking queues: after `EraseAttendee`
/// (attendees) or `AttendeeErased` (partners) no message waiting there still
/// names the person, and everything else waits on untouched. The real
/// workers, RabbitMQ and PostgreSQL.
@Suite struct ErasureSweepTests {
    static let registered = MessageKey.event("AttendeeRegistered", from: "attendees")
    static let erased = MessageKey.event("AttendeeErased", from: "attendees")
    static let attended = MessageKey.event("AttendanceRecorded", from: "attendees")

    /// Anna's RegisterAttendee waits in attendees' parking queue next to
    /// Ben's; erasing Anna removes hers, leaves his as it was, and no log
    /// line names her. The worker runs as its own broker user.
    @Test func erasingAnAttendeeRemovesHerParkedCommandsAndKeepsTheOthers() async throws {
        let system = try await SystemFixture.start([.attendees], ownUsers: true)
        let logs = system.logs
        let anna = "anna.\(system.suffix)@example.ch"
        let annaId = try await attendeeId(registering: anna, system)

        // Version 2 is not understood: parked at once (and answered).
        let parkedAnna = try await parkRegistration("Anna.\(system.suffix)@Example.CH", system)
        let parkedBen = try await parkRegistration("ben.\(system.suffix)@example.ch", system)
        let lot = ParkingLot(topology: Self.topology(.attendees))
        var before: [ParkingLot.Entry] = []
        try await eventually("both parked", timeout: .seconds(60)) {
            before = try await lot.list(system.client.connection)
            return before.count == 2
        }

        try await system.command(RegistrationSaga.erase, EraseAttendee(attendeeId: annaId), expecting: 2)

        // Waiting on the request, not on the queue: a listing holds the
        // messages it looks at, and a sweep at that moment would not see them.
        try await eventually("the parking queue swept", timeout: .seconds(60), every: .milliseconds(200)) {
            try await system.count(.attendees, "SELECT count(*) FROM erasure_requests WHERE swept_at IS NOT NULL") == 1
        }
        let after = try await lot.list(system.client.connection)
        #expect(after == before.filter { $0.messageId == parkedBen.description }, "Ben's waits on untouched")
        for queue in [Self.topology(.attendees).parkingQueue] + Self.topology(.attendees).retryQueues {
            let bodies = try await peek(queue, system.client.connection)
            #expect(!bodies.contains { $0.lowercased().contains(anna) }, "\(queue) still names Anna")
        }
        let removal = logs.containing(parkedAnna.description).filter { $0.contains("erased data") }
        #expect(removal.count == 1, "the removal is logged by message id: \(logs.containing(parkedAnna.description))")
        #expect(logs.containing(anna).isEmpty, "no log line names Anna: \(logs.containing(anna))")
        // It was answered when it was parked; the sweep (which answers before
        // it removes) did not answer it again.
        #expect(
            try await system.count(
                .attendees,
                """
                SELECT count(*) FROM outbox WHERE routing_key = 'attendees.CommandRejected' AND strpos(body, $1) > 0
                """, [parkedAnna.description]) == 1)
        try await system.tearDown()
    }

    /// Anna's RegisterAttendee waits in a retry queue when she is erased:
    /// when it comes back it is dropped, not handled (it would register her
    /// again, email and all), and its sender is answered `erased`.
    @Test func aCommandWaitingInARetryQueueAtErasureIsDroppedWhenItComesBack() async throws {
        let delay = Duration.seconds(8)
        let system = try await SystemFixture.start([.attendees]) { $0.topology.retryDelays = [delay] }
        let logs = system.logs
        let anna = "anna.\(system.suffix)@example.ch"
        let annaId = try await attendeeId(registering: anna, system)

        // As the kernel would after a failed attempt: through attendees'
        // kernel exchange into its retry queue, its own key in the headers.
        let topology = Self.topology(.attendees, retryDelays: [delay])
        let waiting = Identifier()
        let body = try MessageCoding.encode(
            Envelope(
                id: waiting, aggregateId: waiting.description, aggregateType: "Attendee", eventType: "RegisterAttendee",
                eventVersion: 1, occurredAt: Date(),
                data: RegisterAttendee(eventId: Identifier(), email: anna, firstName: "Anna", lastName: "Muster", gdprConsent: true),
                correlationId: nil
            ))
        try await system.client.channel.publish(
            body, exchange: topology.kernelExchange, routingKey: try #require(topology.retryRoute(forAttempt: 1)),
            properties: AMQPProperties(
                contentType: "application/json",
                headers: [
                    KernelHeaders.routingKey: .string(RegistrationSaga.register.routingKey),
                    KernelHeaders.exchange: .string(Exchanges.commands), KernelHeaders.attempt: .int64(1),
                ],
                messageId: waiting.description
            ),
            mandatory: true
        )

        try await system.command(RegistrationSaga.erase, EraseAttendee(attendeeId: annaId), expecting: 2)
        let retryQueue = try #require(topology.retryQueues.first)
        #expect(try await depth(retryQueue, system) == 1, "still waiting when the erasure committed (else the test proves nothing)")

        try await eventually("the returning command dropped", timeout: .seconds(60), every: .milliseconds(200)) {
            !logs.containing(waiting.description).filter { $0.contains("erased data") }.isEmpty
        }
        try await eventually("nothing left in the queues") {
            let retrying = try await depth(retryQueue, system)
            let waitingWork = try await depth(topology.workQueue, system)
            return retrying == 0 && waitingWork == 0
        }
        let answers = try await system.answers(to: waiting)
        #expect(answers.map(\.routingKey) == ["attendees.CommandRejected"], "not handled, but answered")
        #expect(answers.first?.string("reason") == "erased")
        #expect(try await system.count(.attendees, "SELECT count(*) FROM attendees WHERE lower(email) = $1", [anna]) == 0)
        #expect(logs.containing(anna).isEmpty, "no log line names Anna: \(logs.containing(anna))")
        try await system.tearDown()
    }

    /// partners parked an `AttendeeRegistered` (it carries the email); the
    /// attendee's `AttendeeErased` removes it, and only it: her attendance
    /// fact (her id, no personal data) still counts once replayed
    /// (docs/analytics.md). As its own broker user.
    @Test func partnersRemoveAParkedAttendeeRegisteredOnAttendeeErased() async throws {
        let system = try await SystemFixture.start([.partners], ownUsers: true)
        let logs = system.logs
        let anna = Identifier()
        let annaEmail = "anna.\(system.suffix)@example.ch"
        let parkedAnna = try await system.client.send(
            Self.registered, data: AttendeeRegistered(attendeeId: anna, email: annaEmail, companyId: nil), version: 2
        )
        let parkedBen = try await system.client.send(
            Self.registered, data: AttendeeRegistered(attendeeId: Identifier(), email: "ben.\(system.suffix)@example.ch", companyId: nil),
            version: 2
        )
        let parkedFact = try await system.client.send(
            Self.attended, data: AttendanceRecorded(registrationId: Identifier(), eventId: Identifier(), attendeeId: anna, companyId: nil),
            version: 2
        )
        let lot = ParkingLot(topology: Self.topology(.partners))
        var before: [ParkingLot.Entry] = []
        try await eventually("all three parked", timeout: .seconds(60)) {
            before = try await lot.list(system.client.connection)
            return before.count == 3
        }

        try await system.client.send(Self.erased, data: AttendeeErased(attendeeId: anna), aggregateId: anna.description)

        try await eventually("the parking queue swept", timeout: .seconds(60), every: .milliseconds(200)) {
            try await system.count(.partners, "SELECT count(*) FROM erasure_requests WHERE swept_at IS NOT NULL") == 1
        }
        let kept = [parkedBen.description, parkedFact.description]
        #expect(try await lot.list(system.client.connection) == before.filter { kept.contains($0.messageId ?? "") })
        #expect(logs.containing(parkedAnna.description).contains { $0.contains("erased data") })
        #expect(logs.containing(annaEmail).isEmpty)
        try await system.tearDown()
    }

    // MARK: helpers

    static func topology(_ context: BoundedContext, retryDelays: [Duration] = [.milliseconds(200), .milliseconds(400)]) -> Topology {
        // The names are all a test needs; they follow from the worker's name and delays.
        Topology(worker: context.rawValue, bindings: [], configuration: Topology.Configuration(retryDelays: retryDelays))
    }

    private func attendeeId(registering email: String, _ system: SystemFixture) async throws -> Identifier {
        let answers = try await system.command(
            RegistrationSaga.register,
            RegisterAttendee(
                eventId: Identifier(), email: email, firstName: "Anna", lastName: "Muster", gdprConsent: true
            ), expecting: 2)
        return try #require(answers.first { $0.routingKey == "attendees.AttendeeRegistered" }?.uuid("attendeeId"))
    }

    /// A RegisterAttendee attendees parks at once; returns its id once answered.
    private func parkRegistration(_ email: String, _ system: SystemFixture) async throws -> Identifier {
        let id = try await system.client.send(
            RegistrationSaga.register,
            data: RegisterAttendee(
                eventId: Identifier(), email: email, firstName: "Someone", lastName: "Parked", gdprConsent: true
            ), version: 2)
        try await system.answers(to: id)
        return id
    }

    private func depth(_ queue: String, _ system: SystemFixture) async throws -> UInt32 {
        let channel = try await system.client.connection.openChannel()
        let declared = try await channel.declareQueue(queue, options: QueueOptions(passive: true))
        try await channel.close()
        return declared.messageCount
    }

    /// The bodies waiting in a queue, as text; each is given back (nack, requeue).
    private func peek(_ queue: String, _ connection: AMQPConnection) async throws -> [String] {
        let channel = try await connection.openChannel()
        var bodies: [String] = []
        var last: UInt64?
        while let delivery = try await channel.get(queue: queue) {
            bodies.append(String(decoding: delivery.body, as: UTF8.self))
            last = delivery.deliveryTag
        }
        if let last { try await channel.nack(last, multiple: true, requeue: true) }
        try await channel.close()
        return bodies
    }
}
