import Companies
import Events
public import Foundation
public import Identifiers
public import Messaging
import Speakers

/// What a run needs before it starts (a company, speakers, events, sessions),
/// made through the real workers with the commands an organiser sends, each
/// awaited until its answer.
public struct SagaSetup: Sendable {
    public let bus: SagaBus
    /// Part of a fresh id: keeps this run's names and emails apart from any other's.
    public let tag = String(Identifier().description.suffix(12))
    /// How long each answer during set-up may take. Default 30 s.
    public let answerTimeout: Duration

    public init(bus: SagaBus, answerTimeout: Duration = .seconds(30)) {
        self.bus = bus
        self.answerTimeout = answerTimeout
    }

    /// Midnight (UTC) 60 days ahead: sessions lie well in the future and
    /// registration stays open for weeks.
    public static let day: Date = {
        let now = Date().timeIntervalSince1970
        return Date(timeIntervalSince1970: (now / 86_400).rounded(.down) * 86_400 + 60 * 86_400)
    }()

    public static let createCompany = MessageKey.command("CreateCompany", to: "companies")
    public static let registerSpeaker = MessageKey.command("RegisterSpeaker", to: "speakers")
    public static let inviteSpeaker = MessageKey.command("InviteSpeaker", to: "speakers")
    public static let respond = MessageKey.command("RespondToInvitation", to: "speakers")
    public static let createEvent = MessageKey.command("CreateEvent", to: "events")
    public static let scheduleSession = MessageKey.command("ScheduleSession", to: "events")
    public static let changeStatus = MessageKey.command("ChangeEventStatus", to: "events")

    /// The answers setup waits for, to bind the run's queue to.
    public static let routingKeys = [
        "companies.CompanyCreated", "companies.CommandRejected", "speakers.SpeakerRegistered", "speakers.SpeakerInvited",
        "speakers.SpeakerConfirmed", "speakers.CommandRejected", "events.EventCreated", "events.SessionScheduled",
        "events.EventStatusChanged", "events.CommandRejected",
    ]

    public func company() async throws -> Identifier {
        let id = Identifier()
        try await request(
            Self.createCompany,
            CreateCompany(
                companyId: id, name: "Load \(tag)", displayName: "Load", industry: "Software", createdBy: Identifier()
            ), aggregateId: id, answer: "companies.CompanyCreated")
        return id
    }

    /// Registers `count` speakers of `company` at once and waits for them all.
    public func speakers(_ count: Int, company: Identifier) async throws -> [Identifier] {
        let ids = (0..<count).map { _ in Identifier() }
        let start = bus.count
        for (n, id) in ids.enumerated() {
            try await bus.send(Self.registerSpeaker, speaker(id, n, company: company), id: id, aggregateId: id)
        }
        var waiting = Set(ids)
        let timeout = answerTimeout + .milliseconds(20 * count)
        let deadline = ContinuousClock.now + timeout
        var scanned = start
        while !waiting.isEmpty {
            let fresh = bus.messages(from: scanned)
            scanned += fresh.count
            for message in fresh {
                guard let cause = message.envelope.causationId, waiting.contains(cause) else { continue }
                try check(message, Self.registerSpeaker)
                waiting.remove(cause)
            }
            if let failure = bus.failure { throw failure }
            guard ContinuousClock.now < deadline else {
                throw SagaFailed("\(waiting.count) of \(count) RegisterSpeaker unanswered after \(timeout): are the workers running?")
            }
            if !waiting.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        }
        return ids
    }

    private func speaker(_ id: Identifier, _ n: Int, company: Identifier) -> RegisterSpeaker {
        RegisterSpeaker(
            speakerId: id, email: "speaker\(n).\(tag)@load.example", firstName: "Load", lastName: "Speaker \(n)", companyId: company
        )
    }

    /// A new event in `planning` with `capacity` seats.
    public func event(capacity: Int) async throws -> Identifier {
        let number = Int.random(in: 1...Int(Int32.max))
        let created = try await request(
            Self.createEvent,
            CreateEvent(
                eventNumber: number, title: "BATbern load \(tag)", eventDate: Self.day,
                registrationDeadline: Self.day.addingTimeInterval(-7 * 86_400), venueName: "Kursaal Bern",
                venueAddress: "Kornhausstrasse 3, 3013 Bern", venueCapacity: capacity, organizerId: Identifier()
            ), aggregateId: Identifier(), answer: "events.EventCreated")
        return try id("eventId", of: created)
    }

    /// An hour-long session of `type` at 09:00 on the event's day, once
    /// speakers has its copy (an invitation needs it).
    public func session(_ event: Identifier, type: String) async throws -> Identifier {
        let start = Self.day.addingTimeInterval(9 * 3600)
        let scheduled = try await request(
            Self.scheduleSession,
            ScheduleSession(
                eventId: event, title: "Load \(type)", sessionType: type, startTime: start, endTime: start.addingTimeInterval(3600)
            ), aggregateId: event, answer: "events.SessionScheduled")
        return try id("sessionId", of: scheduled)
    }

    /// Invites `speaker` as the session's primary speaker. speakers learns of
    /// a session from events' SessionScheduled: until it has, it answers
    /// `unknown_session`, and the invitation is sent again.
    public func invite(_ speaker: Identifier, to session: Identifier) async throws {
        let deadline = ContinuousClock.now + answerTimeout
        while true {
            let answer = try await answer(
                Self.inviteSpeaker, InviteSpeaker(speakerId: speaker, sessionId: session, role: "primary_speaker"),
                aggregateId: speaker, answer: "speakers.SpeakerInvited"
            )
            guard answer.envelope.data["reason"]?.stringValue == "unknown_session", ContinuousClock.now < deadline else {
                return try check(answer, Self.inviteSpeaker)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// planning → (invitation) speakers_invited → (the keynote's speaker
    /// accepts) agenda_draft → published → registration_open, as organisers
    /// and speakers do it.
    public func open(_ event: Identifier, speaker: Identifier) async throws {
        let keynote = try await session(event, type: "keynote")
        try await invite(speaker, to: keynote)
        let start = bus.count
        try await request(
            Self.respond, RespondToInvitation(speakerId: speaker, sessionId: keynote, response: "accept"),
            aggregateId: speaker, answer: "speakers.SpeakerConfirmed"
        )
        _ = try await bus.first("agenda_draft for event \(event)", after: start, timeout: answerTimeout) {
            $0.routingKey == "events.EventStatusChanged" && $0.envelope.data["eventId"]?.stringValue == event.description
                && $0.envelope.data["to"]?.stringValue == "agenda_draft"
        }
        for status in ["published", "registration_open"] {
            try await request(
                Self.changeStatus, ChangeEventStatus(eventId: event, status: status), aggregateId: event,
                answer: "events.EventStatusChanged"
            )
        }
    }

    /// Sends a command and returns its answer; a CommandRejected throws.
    @discardableResult
    public func request<P: Codable & Sendable>(
        _ key: MessageKey, _ data: P, aggregateId: Identifier, answer routingKey: String
    ) async throws -> SagaBus.Message {
        let message = try await answer(key, data, aggregateId: aggregateId, answer: routingKey)
        try check(message, key)
        return message
    }

    /// Sends a command and returns its answer: `routingKey` or a CommandRejected.
    private func answer<P: Codable & Sendable>(
        _ key: MessageKey, _ data: P, aggregateId: Identifier, answer routingKey: String
    ) async throws -> SagaBus.Message {
        let id = Identifier()
        let start = bus.count
        try await bus.send(key, data, id: id, aggregateId: aggregateId)
        return try await bus.first("answer to \(key)", after: start, timeout: answerTimeout) {
            $0.envelope.causationId == id && ($0.routingKey == routingKey || $0.routingKey.hasSuffix(".CommandRejected"))
        }
    }

    /// Throws when `message` is a CommandRejected (with its reason code only).
    private func check(_ message: SagaBus.Message, _ key: MessageKey) throws {
        guard message.routingKey.hasSuffix(".CommandRejected") else { return }
        throw SagaFailed("\(key) rejected during setup: \(message.envelope.data["reason"]?.stringValue ?? "no reason")")
    }

    private func id(_ field: String, of message: SagaBus.Message) throws -> Identifier {
        guard let id = message.envelope.data[field]?.stringValue.flatMap(Identifier.init) else {
            throw SagaFailed("\(message.routingKey) without a \(field)")
        }
        return id
    }
}
