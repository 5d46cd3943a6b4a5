import Attendees
import Events
import Foundation
import Identifiers
import Messaging
import Postgres
import Speakers
import TestSupport
import Testing
import WorkerHost

/// The event cancellation saga end to end: the real events, attendees and
/// speakers workers, RabbitMQ and PostgreSQL.
@Suite struct EventCancellationSagaTests {
    static let cancelEvent = MessageKey.command("CancelEvent", to: "events")
    static let eventCancelled = MessageKey.event("EventCancelled", from: "events")

    /// 100 confirmed, 50 waitlisted and 6 speakers (3 confirmed, 2 invited,
    /// 1 tentative): one CancelEvent and every context ends where it must,
    /// nobody promoted, no timer left; the event delivered again and a
    /// second CancelEvent change nothing.
    @Test func cancellingAFullEventWithItsSpeakersLeavesEveryContextClean() async throws {
        let system = try await SystemFixture.start([.events, .attendees, .speakers]) { $0.consumer.concurrency = 2 }
        let registrations = RegistrationSaga(system)
        let saga = Saga(system)
        let event = try await registrations.openEvent(capacity: 100)

        // Six speakers on three presentations: a confirmed primary speaker and an open co-speaker invitation each.
        var speakers: [Identifier] = []
        for hour in [10.0, 12, 14] {
            let session = try await saga.schedule(event, "presentation", at: hour)
            let primary = try await saga.register(company: Identifier())
            let co = try await saga.register(company: Identifier())
            try await saga.invite(primary, to: session)
            try await saga.respond(primary, session, "accept", expecting: "speakers.SpeakerConfirmed")
            try await saga.invite(co, to: session, role: "co_speaker")
            if hour == 14 { try await saga.respond(co, session, "tentative", reason: "Maybe", expecting: "speakers.SpeakerTentative") }
            speakers += [primary, co]
        }
        #expect(try await speakerTimers(system, event) > 0)
        #expect(
            try await system.count(.events, "SELECT count(*) FROM timers WHERE timer_key = $1 AND cancelled_at IS NULL", [lifecycleKey(event)]) == 3)

        // 150 people for 100 seats.
        for i in 0..<150 {
            try await system.send(
                RegistrationSaga.register,
                RegisterAttendee(
                    eventId: event, email: "c\(i).\(system.suffix)@example.ch", firstName: "Person", lastName: "No \(i)", gdprConsent: true))
        }
        try await eventually("100 confirmed and 50 waitlisted", timeout: .seconds(120), every: .milliseconds(250)) {
            let confirmed = try await registrations.registrations(event, status: "confirmed").count
            let waiting = try await registrations.waitlist(event).count
            return confirmed == 100 && waiting == 50
        }
        let confirmed = Set(try await registrations.registrations(event, status: "confirmed"))
        let waitlisted = Set(try await registrations.waitlist(event).map(\.id))
        try await registrations.quiescent()
        let requestsBefore = system.published("attendees.RegistrationRequested").count

        // Cancel.
        let answer = try await system.command(Self.cancelEvent, CancelEvent(eventId: event, reason: "Venue flooded"))
        let cancelled = try #require(answer.first { $0.routingKey == "events.EventCancelled" }, "\(answer.map(\.data))")
        #expect(try cancelled.decode(Events.EventCancelled.self).seatsReleased == 100)
        #expect(cancelled.string("previousStatus") == "registration_open")
        try await settled(system, event, cancellations: 150, releases: 6)

        // events: cancelled, no seat held, no timer left, no seat released one by one, no slot announced.
        #expect(try await saga.eventStatus(event) == "cancelled")
        #expect(try await registrations.attendeeCount(event) == 0)
        #expect(try await registrations.seatsHeld(event).isEmpty)
        #expect(
            try await system.count(
                .events, "SELECT count(*) FROM timers WHERE timer_key = $1 AND cancelled_at IS NULL AND fired_at IS NULL", [lifecycleKey(event)]) == 0
        )
        #expect(system.published("events.SeatReleased").isEmpty)
        #expect(system.published("events.SpeakerSlotReopened").isEmpty)
        // attendees: every registration cancelled for the event, nobody promoted.
        #expect(try await registrations.registrations(event, status: "cancelled").count == 150)
        #expect(try await registrations.waitlist(event).isEmpty)
        let told = system.published("attendees.RegistrationCancelled").map { try? $0.decode(Attendees.RegistrationCancelled.self) }
        #expect(told.count == 150 && told.allSatisfy { $0?.reason == .eventCancelled })
        #expect(Set(told.compactMap { $0?.heldSeat == true ? $0?.registrationId : nil }) == confirmed)
        #expect(Set(told.compactMap { $0?.heldSeat == false ? $0?.registrationId : nil }) == waitlisted)
        #expect(system.published("attendees.RegistrationRequested").count == requestsBefore)
        #expect(system.published("attendees.RegistrationConfirmed").count == 100)
        #expect(
            try await system.query(.attendees, "SELECT status FROM event_copies WHERE event_id = $1", [event])[0].decode(String.self, at: 0)
                == "cancelled")
        // speakers: every invitation released with its timers, everyone available again.
        let released = system.published("speakers.SpeakerReleased")
        #expect(Set(released.compactMap { $0.uuid("speakerId") }) == Set(speakers) && released.count == 6)
        #expect(released.allSatisfy { $0.string("reason") == "event_cancelled" })
        for speaker in speakers { #expect(try await saga.availability(speaker) == "available") }
        #expect(try await system.count(.speakers, "SELECT count(*) FROM session_speakers WHERE event_id = $1 AND status <> 'released'", [event]) == 0)
        #expect(try await speakerTimers(system, event) == 0)

        // The same EventCancelled delivered again, a copy under a new id, and a second CancelEvent: nothing more.
        try await system.client.sendRaw(cancelled.body, key: Self.eventCancelled, messageId: cancelled.header.id.description)
        let copy = try await system.client.send(Self.eventCancelled, data: cancelled.data, aggregateId: event.description)
        let again = try await system.command(Self.cancelEvent, CancelEvent(eventId: event, reason: "Twice"))
        #expect(again.first?.string("reason") == "event_cancelled")
        try await eventually("the copy consumed by attendees and speakers") {
            let attendees = try await inbox(system, .attendees, copy)
            let speakers = try await inbox(system, .speakers, copy)
            return attendees && speakers
        }
        try await settled(system, event, cancellations: 150, releases: 6)
        #expect(system.published("attendees.RegistrationCancelled").count == 150)
        #expect(system.published("speakers.SpeakerReleased").count == 6)
        // The original, and the two this test sent itself.
        #expect(system.published("events.EventCancelled").count == 3)

        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }

    func lifecycleKey(_ event: Identifier) -> String { TimedLifecycle.timerKey(event) }

    /// Pending reminder, expiry and availability timers of the event's invitations.
    func speakerTimers(_ system: SystemFixture, _ event: Identifier) async throws -> Int {
        try await system.count(
            .speakers,
            """
            SELECT count(*) FROM timers t JOIN session_speakers ss
              ON t.timer_key IN ('speakers.invitation.' || ss.id, 'speakers.availability.' || ss.id)
            WHERE ss.event_id = $1 AND t.fired_at IS NULL AND t.cancelled_at IS NULL
            """, [event])
    }

    func inbox(_ system: SystemFixture, _ context: BoundedContext, _ id: Identifier) async throws -> Bool {
        try await system.count(context, "SELECT count(*) FROM inbox WHERE message_id = $1", [id]) > 0
    }

    /// Waits until the saga has run out: the answers seen, every outbox sent,
    /// and what attendees and speakers said consumed by events.
    func settled(_ system: SystemFixture, _ event: Identifier, cancellations: Int, releases: Int) async throws {
        try await eventually("the cancellation saga at rest", timeout: .seconds(120), every: .milliseconds(200)) {
            guard system.published("attendees.RegistrationCancelled").count >= cancellations,
                system.published("speakers.SpeakerReleased").count >= releases
            else { return false }
            for context in [BoundedContext.events, .attendees, .speakers] {
                guard try await system.count(context, "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0 else { return false }
            }
            let ids = (system.headers("attendees.RegistrationCancelled") + system.headers("speakers.SpeakerReleased")).map { $0.id.description }
            return try await system.count(.events, "SELECT count(DISTINCT message_id) FROM inbox WHERE message_id::text = ANY($1)", [ids])
                == ids.count
        }
    }
}
