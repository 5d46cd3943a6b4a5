import Foundation
import Identifiers
import KernelProbe
import Messaging
import Testing

/// Messages as types: a handler publishes, sends and schedules values, and the
/// type says the name, the context, the aggregate type and (when the data
/// names it) the aggregate id. Pure, no servers.
@Suite struct TypedMessageTests {
    struct SpeakerNoted: DomainEvent, AggregateIdentified {
        static let name = "SpeakerNoted"
        static let context = "speakers"
        static let aggregateType = "Speaker"
        var speakerId: Identifier
        var aggregateId: Identifier { speakerId }
    }

    struct CheckSpeaker: Command, AggregateIdentified {
        static let name = "CheckSpeaker"
        static let context = "speakers"
        static let aggregateType = "Speaker"
        var speakerId: Identifier
        var aggregateId: Identifier { speakerId }
    }

    struct HoldSeat: Command {
        static let name = "HoldSeat"
        static let context = "events"
        static let aggregateType = "Event"
        var seats: Int
    }

    struct SessionMoved: DomainEvent {
        static let name = "SessionMoved"
        static let context = "events"
        static let aggregateType = "Session"
    }

    static let incoming = EnvelopeHeader(
        id: Identifier(), aggregateId: "a-1", aggregateType: "Speaker", eventType: "RegisterSpeaker", eventVersion: 1,
        occurredAt: Date(), correlationId: Identifier(), causationId: nil
    )

    func context() -> HandlerContext {
        HandlerContext(worker: "speakers", now: Date(), incoming: Self.incoming, key: .command("RegisterSpeaker", to: "speakers"))
    }

    @Test func anEventGoesOutUnderItsTypesNameAboutTheAggregateItsDataNames() throws {
        var context = context()
        let speaker = try #require(Identifier("0190F4D2-7C3A-7B1E-9F00-000000000001"))
        try context.publish(SpeakerNoted(speakerId: speaker))
        let message = try #require(context.outgoing.first)
        #expect(message.routingKey == "speakers.SpeakerNoted")
        #expect(message.exchange == Exchanges.events)
        #expect(message.aggregateId == "0190f4d2-7c3a-7b1e-9f00-000000000001")
        let header = try MessageCoding.decode(EnvelopeHeader.self, from: Array(message.body.utf8))
        #expect(header.eventType == "SpeakerNoted")
        #expect(header.aggregateType == "Speaker")
        #expect(header.causationId == Self.incoming.id)
        #expect(header.correlationId == Self.incoming.correlationId)
        let data = try MessageCoding.decode(Envelope<SpeakerNoted>.self, from: Array(message.body.utf8)).data
        #expect(data.speakerId == speaker)
    }

    @Test func anExplicitAggregateIdWinsOverNone() throws {
        var context = context()
        try context.publish(SessionMoved(), aggregateId: "session 7")
        #expect(context.outgoing.map(\.aggregateId) == ["session 7"])
        #expect(context.outgoing.map(\.routingKey) == ["speakers.SessionMoved"], "a worker publishes under its own name")
    }

    @Test func aCommandIsSentToItsContextAndATimerToThisWorker() throws {
        var context = context()
        let speaker = Identifier()
        try context.send(HoldSeat(seats: 2), aggregateId: speaker)
        let due = Date(timeIntervalSince1970: 2_000_000_000)
        try context.schedule(CheckSpeaker(speakerId: speaker), at: due, timerKey: "k")
        let sent = try #require(context.outgoing.first)
        #expect(sent.routingKey == "events.HoldSeat")
        #expect(sent.exchange == Exchanges.commands)
        let timer = try #require(context.timers.first)
        #expect(timer.message.routingKey == "speakers.CheckSpeaker")
        #expect(timer.message.aggregateId == speaker.description)
        #expect(timer.dueAt == due && timer.key == "k")
        #expect(context.outgoing.count == 1, "a timer is not sent now")
    }

    @Test func aDefinitionTakesItsKeysFromTheTypes() {
        let definition = WorkerDefinition(
            name: "speakers", publishes: [SpeakerNoted.self, CheckSpeaker.self],
            handlers: [.handle(CheckSpeaker.self) { _, _, _ in }, .handle(SessionMoved.self) { _, _, _ in }]
        )
        #expect(definition.publishes.map(\.routingKey) == ["speakers.SpeakerNoted", "speakers.CheckSpeaker", "speakers.CommandRejected"])
        #expect(definition.handlers.map(\.key) == [.command("CheckSpeaker", to: "speakers"), .event("SessionMoved", from: "events")])
        #expect(definition.handlers.map { "\($0.payload)" } == ["CheckSpeaker", "SessionMoved"])
    }

    @Test func theProbeRegistersItsMessagesUnderTheNameItRunsUnder() {
        let definition = KernelProbe.definition(name: "probe-7")
        #expect(definition.handlers.contains { $0.key == .command("Touch", to: "probe-7") })
        #expect(definition.handlers.contains { $0.key == .event("Observed", from: "probe-7-outside") })
    }

    /// Messages that share fields travel and reflect exactly as those fields.
    @Test func sharedFieldsTravelAsTheirFields() throws {
        let fields = KernelProbe.Touch(n: 3, holdMilliseconds: 5)
        let explode = KernelProbe.Explode(fields)
        #expect(try MessageCoding.encode(explode) == MessageCoding.encode(fields))
        #expect(try MessageCoding.decode(KernelProbe.Explode.self, from: MessageCoding.encode(fields)) == explode)
        #expect(Mirror(reflecting: explode).children.map(\.label) == ["n", "holdMilliseconds"])
    }
}
