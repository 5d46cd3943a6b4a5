import AMQP
import Foundation
import Messaging
import TestSupport
import Testing
import WorkerHost

/// Each worker's own broker user against the real broker, in a vhost of the
/// test's own with deploy/rabbitmq/definitions.json applied and the topology
/// declared by the operator: what a worker may not do is refused (403
/// ACCESS_REFUSED), what it needs is accepted.
@Suite struct BrokerAccessTests {
    /// One vhost for the whole suite: the tests only try things in it.
    static let sandbox = Task { () throws -> BrokerSandbox in
        let sandbox = try await BrokerSandbox.make(definitions: true)
        try await declareTopology(
            amqp: sandbox.admin(name: "permission-tests"), configuration: Topology.Configuration(),
            settings: Settings(environment: [:])
        ) { _ in }
        return sandbox
    }

    /// Runs `operation` as `context`'s user on a channel of its own; the
    /// broker's reply code if it closed the channel, nil if all went through.
    func reply(as context: BoundedContext, _ operation: (AMQPChannel) async throws -> Void) async throws -> UInt16? {
        let connection = try await AMQPConnection.connect(Self.sandbox.value.worker(context))
        defer { Task { await connection.close() } }
        let channel = try await connection.openChannel()
        do {
            try await operation(channel)
            try await channel.close()
            return nil
        } catch let error as AMQPError where error.replyCode != nil {
            return error.replyCode
        }
    }

    /// Publishes with a publisher confirm, so a refusal is seen.
    func publish(_ channel: AMQPChannel, _ exchange: String, _ routingKey: String) async throws {
        try await channel.enableConfirms()
        try await channel.publish(Array("{}".utf8), exchange: exchange, routingKey: routingKey)
    }

    static let refused: UInt16? = 403
    static let accepted: UInt16? = nil

    func definition(_ context: BoundedContext) throws -> WorkerDefinition {
        try context.definition(settings: Settings(environment: [:]))
    }

    @Test(arguments: BoundedContext.allCases)
    func aWorkerPublishesOnlyItsOwnEvents(_ context: BoundedContext) async throws {
        for key in try definition(context).publishes where key.kind == .event {
            #expect(try await reply(as: context) { try await publish($0, Exchanges.events, key.routingKey) } == Self.accepted, "\(key)")
        }
        // notifications publishes no event: there is nothing of its own to try.
        for other in BoundedContext.allCases where other != context && other != .notifications {
            let theirs = try #require(try definition(other).publishes.first { $0.kind == .event })
            #expect(try await reply(as: context) { try await publish($0, Exchanges.events, theirs.routingKey) } == Self.refused, "\(theirs)")
        }
        // Not even under a made-up name of its own.
        #expect(try await reply(as: context) { try await publish($0, Exchanges.events, "\(context.rawValue).Invented") } == Self.refused)
    }

    @Test func partnersCannotReserveASeat() async throws {
        #expect(try await reply(as: .partners) { try await publish($0, Exchanges.events, "events.SeatReserved") } == Self.refused)
    }

    @Test func aWorkerSendsOnlyTheCommandsItDeclares() async throws {
        // speakers' timers are commands to itself.
        #expect(try await reply(as: .speakers) { try await publish($0, Exchanges.commands, "speakers.SendInvitationReminder") } == Self.accepted)
        #expect(try await reply(as: .speakers) { try await publish($0, Exchanges.commands, "speakers.InviteSpeaker") } == Self.refused)
        #expect(try await reply(as: .speakers) { try await publish($0, Exchanges.commands, "events.CancelEvent") } == Self.refused)
        #expect(try await reply(as: .partners) { try await publish($0, Exchanges.commands, "events.CreateEvent") } == Self.refused)
    }

    @Test(arguments: BoundedContext.allCases)
    func theDefaultExchangeIsClosed(_ context: BoundedContext) async throws {
        for queue in BoundedContext.allCases.map(\.rawValue) {
            #expect(try await reply(as: context) { try await publish($0, "", queue) } == Self.refused, "into \(queue)")
        }
    }

    @Test(arguments: BoundedContext.allCases)
    func theSharedExchangesCannotBeDeclaredOrDeleted(_ context: BoundedContext) async throws {
        for exchange in [Exchanges.events, Exchanges.commands] {
            #expect(try await reply(as: context) { try await $0.declareExchange(exchange, type: .topic) } == Self.refused)
            #expect(try await reply(as: context) { try await $0.deleteExchange(exchange) } == Self.refused)
            // Checking that it is there is what a worker does at start.
            #expect(try await reply(as: context) { try await $0.declareExchange(exchange, type: .topic, passive: true) } == Self.accepted)
        }
    }

    @Test func aWorkerBindsOnlyTheKeysItHandles() async throws {
        func bind(_ exchange: String, _ key: String) -> (AMQPChannel) async throws -> Void {
            { try await $0.bindQueue("partners", exchange: exchange, routingKey: key) }
        }
        #expect(try await reply(as: .partners, bind(Exchanges.events, "#")) == Self.refused)
        #expect(try await reply(as: .partners, bind(Exchanges.events, "events.*")) == Self.refused)
        #expect(try await reply(as: .partners, bind(Exchanges.events, "events.SeatReserved")) == Self.refused)
        #expect(try await reply(as: .partners, bind(Exchanges.commands, "events.CreateEvent")) == Self.refused)
        #expect(try await reply(as: .partners, bind(Exchanges.commands, "#")) == Self.refused)
        #expect(try await reply(as: .partners, bind(Exchanges.events, "companies.CompanyCreated")) == Self.accepted)
        #expect(try await reply(as: .partners, bind(Exchanges.commands, "partners.StartPartnership")) == Self.accepted)
    }

    @Test func anotherWorkersQueuesAreOutOfReach() async throws {
        #expect(try await reply(as: .partners) { _ = try await $0.consume(queue: "events") } == Self.refused)
        #expect(try await reply(as: .partners) { _ = try await $0.get(queue: "events.parked") } == Self.refused)
        #expect(try await reply(as: .partners) { try await $0.declareQueue("events", options: QueueOptions(type: .quorum)) } == Self.refused)
        #expect(try await reply(as: .partners) { try await $0.declareQueue("events.extra") } == Self.refused)
        #expect(try await reply(as: .partners) { try await $0.deleteQueue("events") } == Self.refused)
        #expect(try await reply(as: .partners) { try await $0.purgeQueue("events.parked") } == Self.refused)
        #expect(
            try await reply(as: .partners) { try await $0.bindQueue("events", exchange: Exchanges.events, routingKey: "events.SeatReserved") }
                == Self.refused)
        // Its own, it may.
        #expect(try await reply(as: .partners) { _ = try await $0.get(queue: "partners.parked") } == Self.accepted)
    }

    @Test func anotherWorkersKernelExchangeIsClosed() async throws {
        #expect(try await reply(as: .partners) { try await publish($0, "events.kernel", Topology.requeueRoute) } == Self.refused)
        #expect(try await reply(as: .partners) { try await publish($0, "events.kernel", Topology.parkingRoute) } == Self.refused)
        #expect(try await reply(as: .partners) { try await publish($0, "partners.kernel", Topology.parkingRoute) } == Self.accepted)
    }

    @Test(arguments: BoundedContext.allCases)
    func aWorkerDeclaresItsOwnTopology(_ context: BoundedContext) async throws {
        let topology = Topology(try definition(context))
        #expect(try await reply(as: context) { try await topology.declare(on: $0) } == Self.accepted)
    }
}
