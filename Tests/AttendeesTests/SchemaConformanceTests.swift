import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing

@testable import Attendees

@Suite struct SchemaConformanceTests {
    @Test func everyAttendeesMessageHasASchemaThatItsPayloadsMeet() async throws {
        let h = try await attendeesHarness()
        var seen: [PublishedMessage] = []
        func run(_ result: HarnessResult) -> HarnessResult {
            seen += result.published
            return result
        }
        let event = Identifier()
        let full = run(
            try await h.send(
                Key.register,
                data: command(
                    eventId: event, email: "schema@example.ch", companyId: Identifier(), position: "Architect", newsletter: true,
                    specialRequests: "none"
                )))
        let first = try full.one("RegistrationRequested", as: RegistrationRequested.self)
        _ = run(try await h.reserve(first.registrationId, event: event))
        let second = try await h.registerSomeone(event: event)
        _ = run(try await h.refuse(second.registration, event: event))
        let third = try await h.registerSomeone(event: event)
        _ = run(try await h.refuse(third.registration, event: event, .unknownEvent))
        let session = try await h.scheduleSession(event: event)
        _ = run(try await h.send(Key.choose, data: ChooseSessions(registrationId: first.registrationId, sessionIds: [session])))
        _ = run(try await h.send(Key.rsvp, data: ConfirmAttendance(registrationId: first.registrationId)))
        _ = run(try await h.send(Key.attend, data: RecordAttendance(registrationId: first.registrationId)))
        _ = run(
            try await h.send(
                Key.engage,
                data: RecordContentEngagement(
                    attendeeId: first.attendeeId, contentType: "session", contentId: session, engagementType: "rating", engagementValue: 5
                )))
        _ = run(
            try await h.send(
                Key.engage,
                data: RecordContentEngagement(
                    attendeeId: first.attendeeId, contentType: "video", contentId: session, engagementType: "view"
                )))
        _ = run(try await h.send(Key.choose, data: ChooseSessions(registrationId: second.registration, sessionIds: [session])))
        _ = run(
            try await h.send(
                Key.updateProfile,
                data: UpdateAttendeeProfile(
                    attendeeId: first.attendeeId, firstName: "Schema", position: .clear,
                    profile: ProfilePatch(bio: "Builds things", interests: .set(["Swift", "Messaging"]), experienceLevel: .set(.expert)),
                    preferences: PreferencesPatch(topics: .set(["Cloud"]), sessionTypes: .set([.workshop, .keynote]), language: .set(.en))
                )))
        _ = run(try await h.send(Key.subscribe, data: SubscribeNewsletter(NewsletterChoice(attendeeId: second.attendee, source: .website))))
        _ = run(try await h.send(Key.getProfile, data: GetAttendeeProfile(attendeeId: first.attendeeId)))
        _ = run(try await h.send(Key.cancel, data: CancelRegistration(registrationId: second.registration)))
        // Registration closes with someone waitlisted, then the event is cancelled.
        try await h.send(
            Key.eventCreated,
            data: EventCreated(
                eventId: event, eventNumber: 9, title: "BATbern 9", eventDate: Date().addingTimeInterval(86_400),
                registrationDeadline: Date(), venueName: "Kursaal", venueAddress: "Bern", venueCapacity: 1, organizerId: Identifier(),
                status: .registrationOpen), now: Date().addingTimeInterval(-60))
        let fourth = try await h.registerSomeone(event: event)
        _ = run(try await h.refuse(fourth.registration, event: event))
        _ = run(try await h.send(Key.statusChanged, data: EventStatusChanged(eventId: event, from: .registrationOpen, to: .registrationClosed)))
        _ = run(try await h.send(.event("EventCancelled", from: "events"), data: EventCancelled(eventId: event)))
        #expect(seen.contains { $0.routingKey == "attendees.RegistrationCancelled" && $0.data["reason"] == .string("event_cancelled") })
        // Someone confirmed elsewhere, with a session seat asked and one dropped, withdraws consent.
        let elsewhere = Identifier()
        let withdrawing = try await h.confirmSomeone(event: elsewhere)
        let workshop = try await h.scheduleSession(event: elsewhere)
        let talk = try await h.scheduleSession(event: elsewhere)
        _ = run(try await h.send(Key.choose, data: ChooseSessions(registrationId: withdrawing.registration, sessionIds: [workshop, talk])))
        _ = run(try await h.send(Key.choose, data: ChooseSessions(registrationId: withdrawing.registration, sessionIds: [workshop])))
        _ = run(try await h.send(Key.subscribe, data: SubscribeNewsletter(NewsletterChoice(attendeeId: withdrawing.attendee, source: .emailLink))))
        _ = run(try await h.send(Key.withdraw, data: WithdrawConsent(attendeeId: withdrawing.attendee)))
        _ = run(try await h.send(Key.erase, data: EraseAttendee(attendeeId: first.attendeeId)))
        _ = run(try await h.send(Key.register, data: command(gdprConsent: false)))

        let names = Set(seen.map(\.header.eventType))
        #expect(
            names == [
                "AttendeeRegistered", "RegistrationRequested", "RegistrationConfirmed", "RegistrationWaitlisted",
                "RegistrationRejected", "RegistrationCancelled", "AttendanceRecorded", "ContentEngaged", "AttendeeErased",
                "CommandRejected", "WaitlistClosed", "SessionsChosen", "SessionSeatRequested", "SessionChoiceDropped",
                "AttendanceConfirmed", "AttendeeProfileUpdated", "NewsletterSubscriptionChanged", "AttendeeProfileReported",
                "ConsentWithdrawn",
            ])
        let contract = try ContractValidator()
        for message in seen {
            #expect(contract.problems(body: Array(message.body.utf8), routingKey: message.routingKey) == [], "\(message.routingKey)")
        }
        // Every message of this context has a schema, and every schema is
        // one of the messages above or a command of ours.
        let ours = contract.messageNames.filter { $0.hasPrefix("attendees.") }
        let commands: Set<String> = [
            "RegisterAttendee", "CancelRegistration", "RecordAttendance", "RecordContentEngagement", "EraseAttendee",
            "UpdateAttendeeProfile", "GetAttendeeProfile", "SubscribeNewsletter", "UnsubscribeNewsletter", "WithdrawConsent",
            "ChooseSessions", "ConfirmAttendance",
        ]
        #expect(ours == Set(names.subtracting(["CommandRejected"]).union(commands).map { "attendees.\($0)" }))
        try await h.drop()
    }

    @Test func theCommandsWeSendMeetTheirSchemas() throws {
        let commands: [(String, any Encodable)] = [
            ("RegisterAttendee", command(companyId: Identifier(), position: "CTO", newsletter: false, specialRequests: "x")),
            ("RegisterAttendee", command()),
            ("CancelRegistration", CancelRegistration(registrationId: Identifier())),
            ("RecordAttendance", RecordAttendance(registrationId: Identifier())),
            (
                "RecordContentEngagement",
                RecordContentEngagement(
                    attendeeId: Identifier(), contentType: "session", contentId: Identifier(), engagementType: "rating", engagementValue: 4.25)
            ),
            ("EraseAttendee", EraseAttendee(attendeeId: Identifier())),
            (
                "RegisterAttendee",
                RegisterAttendee(
                    eventId: Identifier(), email: "a@b.ch", firstName: "A", lastName: "B", gdprConsent: true,
                    sessionPreferences: [Identifier(), Identifier()])
            ),
            (
                "UpdateAttendeeProfile",
                UpdateAttendeeProfile(
                    attendeeId: Identifier(), email: "new@example.ch", lastName: "Muster", companyId: .clear, position: "CTO",
                    profile: ProfilePatch(bio: .clear, interests: .set(["Swift"]), experienceLevel: .set(.beginner)),
                    preferences: PreferencesPatch(topics: .clear, sessionTypes: .set([.panelDiscussion]), language: .clear)
                )
            ),
            ("UpdateAttendeeProfile", UpdateAttendeeProfile(attendeeId: Identifier(), firstName: "Anna")),
            ("GetAttendeeProfile", GetAttendeeProfile(attendeeId: Identifier())),
            ("SubscribeNewsletter", SubscribeNewsletter(NewsletterChoice(attendeeId: Identifier(), source: .organizer))),
            ("UnsubscribeNewsletter", UnsubscribeNewsletter(NewsletterChoice(attendeeId: Identifier(), source: .emailLink))),
            ("WithdrawConsent", WithdrawConsent(attendeeId: Identifier())),
            ("ChooseSessions", ChooseSessions(registrationId: Identifier(), sessionIds: [Identifier()])),
            ("ChooseSessions", ChooseSessions(registrationId: Identifier(), sessionIds: [])),
            ("ConfirmAttendance", ConfirmAttendance(registrationId: Identifier())),
        ]
        let contract = try ContractValidator()
        for (name, data) in commands {
            let json = try JSONDecoder().decode(JSONValue.self, from: MessageCoding.encoder().encode(data))
            #expect(contract.problems(data: json, message: "attendees.\(name)") == [], "\(name)")
        }
        // And the validator does catch what the schema forbids.
        let bad = try JSONDecoder().decode(
            JSONValue.self, from: MessageCoding.encoder().encode(command(firstName: String(repeating: "x", count: 101))))
        #expect(contract.problems(data: bad, message: "attendees.RegisterAttendee") == ["attendees.RegisterAttendee.firstName: longer than 100"])
    }
}
