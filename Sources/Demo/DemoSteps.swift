import Attendees
import Companies
import Events
import Foundation
import Identifiers
import Messaging
import Partners
import SagaClient
import Speakers

/// The demo's steps: each sends what a person would and narrates the
/// answers as they arrive. A rejection stops the demo with its reason.
struct DemoSteps: Sendable {
    let bus: SagaBus
    let narrate: @Sendable (String) -> Void
    let pace: Duration
    let tag = String(Identifier().description.suffix(6))
    /// How long each answer may take.
    let timeout: Duration
    /// The event's day, 60 days ahead at midnight UTC.
    static let day = SagaSetup.day

    enum Seat: Sendable {
        case confirmed
        case waitlisted(Int)
    }

    func chapter(_ title: String) async throws {
        narrate("\n▶ \(title)")
        try await Task.sleep(for: pace)
    }

    // MARK: companies and partners

    func company(_ name: String, employees: Int) async throws -> Identifier {
        let id = Identifier()
        try await ask(
            "create the company \(name)",
            CreateCompany(
                companyId: id, name: "\(name) \(tag)", displayName: name, industry: "Software", employeeCount: employees, createdBy: Identifier()),
            aggregate: id, until: ["companies.CompanyCreated"])
        return id
    }

    /// partners learns of a company from companies' events: until it has,
    /// it answers `unknown_company` and the demo asks again.
    func partnership(_ company: Identifier, level: String) async throws {
        let today = String(ISO8601DateFormatter().string(from: Date()).prefix(10))
        try await ask(
            "make it a \(level) partner", StartPartnership(companyId: company, partnershipLevel: level, partnershipStartDate: today),
            aggregate: company, until: ["partners.PartnershipStarted"], retryOn: "unknown_company")
    }

    // MARK: events and speakers

    func event(capacity: Int) async throws -> Identifier {
        let answer = try await ask(
            "create BATbern \(tag) for \(capacity) people",
            CreateEvent(
                eventNumber: Int.random(in: 1...Int(Int32.max)), title: "BATbern \(tag)", eventDate: Self.day,
                registrationDeadline: Self.day.addingTimeInterval(-7 * 86_400), venueName: "Kursaal Bern",
                venueAddress: "Kornhausstrasse 3, 3013 Bern", venueCapacity: capacity, organizerId: Identifier()
            ), aggregate: Identifier(), until: ["events.EventCreated"])
        return try id("eventId", of: answer)
    }

    func session(_ event: Identifier, type: String) async throws -> Identifier {
        let start = Self.day.addingTimeInterval(type == "keynote" ? 9 * 3600 : 11 * 3600)
        let answer = try await ask(
            "schedule a \(type)",
            ScheduleSession(eventId: event, title: type.capitalized, sessionType: type, startTime: start, endTime: start.addingTimeInterval(3600)),
            aggregate: event, until: ["events.SessionScheduled"])
        return try id("sessionId", of: answer)
    }

    func speaker(_ first: String, _ last: String, company: Identifier) async throws -> Identifier {
        let id = Identifier()
        try await ask(
            "register \(first) \(last) as a speaker",
            RegisterSpeaker(speakerId: id, email: "\(first.lowercased()).\(tag)@demo.example", firstName: first, lastName: last, companyId: company),
            aggregate: id, until: ["speakers.SpeakerRegistered"])
        return id
    }

    /// speakers learns of a session from events: until then it answers `unknown_session`.
    func invite(_ speaker: Identifier, to session: Identifier, deadline: Date?) async throws {
        let what = deadline.map { "invite them, answer within \(Int($0.timeIntervalSinceNow.rounded())) s" } ?? "invite them"
        try await ask(
            what, InviteSpeaker(speakerId: speaker, sessionId: session, role: "primary_speaker", responseDeadline: deadline),
            aggregate: speaker, until: ["speakers.SpeakerInvited"], retryOn: "unknown_session")
    }

    func respond(_ speaker: Identifier, _ session: Identifier, _ response: String, reason: String? = nil, expecting: String) async throws {
        try await ask(
            "the speaker answers: \(response)", RespondToInvitation(speakerId: speaker, sessionId: session, response: response, reason: reason),
            aggregate: speaker, until: [expecting])
    }

    func awaitExpiry(_ speaker: Identifier) async throws {
        narrate("  … no answer; the reminders and the deadline are timers in the speakers database")
        let expired = try await bus.first("the invitation's expiry", timeout: timeout) {
            $0.routingKey == "speakers.SpeakerInvitationExpired" && $0.envelope.data["speakerId"]?.stringValue == speaker.description
        }
        narrate("  → \(expired.routingKey)")
    }

    func awaitStatus(_ event: Identifier, _ status: String) async throws {
        let moved = try await bus.first("event status \(status)", timeout: timeout) {
            $0.routingKey == "events.EventStatusChanged" && $0.envelope.data["eventId"]?.stringValue == event.description
                && $0.envelope.data["to"]?.stringValue == status
        }
        narrate("  → \(moved.routingKey) to \(status), by the invitation saga")
    }

    func status(_ event: Identifier, _ status: String) async throws {
        try await ask(
            "move the event to \(status)", ChangeEventStatus(eventId: event, status: status), aggregate: event, until: ["events.EventStatusChanged"])
    }

    // MARK: registrations

    func register(_ event: Identifier, firstName: String, number: Int, company: Identifier?) async throws
        -> (command: Identifier, registration: Identifier, outcome: Seat)
    {
        let (command, last) = try await send(
            "\(firstName) registers",
            RegisterAttendee(
                eventId: event, email: "\(firstName.lowercased()).\(tag)@demo.example", firstName: firstName, lastName: "Muster",
                companyId: company, gdprConsent: true
            ), aggregate: event, until: ["attendees.RegistrationConfirmed", "attendees.RegistrationWaitlisted"])
        let registration = try id("registrationId", of: last)
        if last.routingKey == "attendees.RegistrationWaitlisted" {
            return (command, registration, .waitlisted(Int(last.envelope.data["position"]?.doubleValue ?? 0)))
        }
        return (command, registration, .confirmed)
    }

    /// Cancels a confirmed registration and waits until `next` (waitlist #1) is confirmed.
    func cancel(_ registration: Identifier, promoting next: Identifier) async throws {
        try await ask(
            "Beat cancels", CancelRegistration(registrationId: registration), aggregate: registration, until: ["attendees.RegistrationCancelled"])
        let promoted = try await bus.first("the promotion from the waitlist", timeout: timeout) {
            $0.routingKey == "attendees.RegistrationConfirmed" && $0.envelope.data["registrationId"]?.stringValue == next.description
        }
        narrate("  → \(promoted.routingKey): waitlist #1 gets the freed seat")
    }

    /// Records the attendance of a partner's employee; returns the partner's recalculated analytics.
    func attend(_ registration: Identifier) async throws -> JSONValue? {
        let (_, fact) = try await send(
            "Anna (Acme, the partner) attends", RecordAttendance(registrationId: registration), aggregate: registration,
            until: ["attendees.AttendanceRecorded"])
        let analytics = try await bus.first("the partner's analytics", timeout: timeout) {
            $0.routingKey == "partners.PartnerAnalyticsRecalculated" && $0.envelope.causationId == fact.envelope.id
        }
        let data = analytics.envelope.data
        func figure(_ key: String) -> String { data[key]?.doubleValue.map { String(format: "%g", $0) } ?? "-" }
        narrate(
            "  → \(analytics.routingKey): employees attending \(figure("totalEmployeeAttendance")), "
                + "brand exposure \(figure("brandExposureScore")), ROI \(figure("roiScore"))")
        return data
    }

    // MARK: sending

    /// Sends a command and narrates its answers until one of `until` arrives.
    @discardableResult
    func ask<C: Command>(
        _ what: String, _ command: C, aggregate: Identifier, until: Set<String>, retryOn reason: String? = nil
    ) async throws -> SagaBus.Message {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try await send(what, command, aggregate: aggregate, until: until).answer
            } catch let rejected as Rejected where rejected.reason == reason && ContinuousClock.now < deadline {
                narrate("  … not known there yet; asking again")
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Sends a command and narrates what it caused (and what that caused)
    /// until one of `until` arrives; returns it. A CommandRejected throws.
    func send<C: Command>(_ what: String, _ command: C, aggregate: Identifier, until: Set<String>) async throws
        -> (command: Identifier, answer: SagaBus.Message)
    {
        narrate("• \(what): \(C.key.routingKey)")
        let id = Identifier()
        let start = bus.count
        let sent = ContinuousClock.now
        try await bus.send(C.key, command, id: id, aggregateId: aggregate)
        var caused: Set<Identifier> = [id]
        var scanned = start
        let deadline = sent + timeout
        while true {
            let fresh = bus.messages(from: scanned)
            scanned += fresh.count
            for message in fresh {
                guard let cause = message.envelope.causationId, caused.contains(cause) else { continue }
                caused.insert(message.envelope.id)
                narrate("  → \(message.routingKey) (+\(Int((message.at - sent) / .milliseconds(1))) ms)")
                if message.routingKey.hasSuffix(".CommandRejected") {
                    throw Rejected(reason: message.envelope.data["reason"]?.stringValue ?? "no reason")
                }
                if until.contains(message.routingKey) {
                    try await Task.sleep(for: pace)
                    return (id, message)
                }
            }
            if let failure = bus.failure { throw failure }
            guard ContinuousClock.now < deadline else { throw SagaFailed("no answer to \(C.key) within \(timeout): are the workers running?") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    struct Rejected: Error, CustomStringConvertible {
        let reason: String
        var description: String { "rejected: \(reason)" }
    }

    private func id(_ field: String, of message: SagaBus.Message) throws -> Identifier {
        guard let id = message.envelope.data[field]?.stringValue.flatMap(Identifier.init) else {
            throw SagaFailed("\(message.routingKey) without a \(field)")
        }
        return id
    }
}
