import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Attendees

@Suite struct ErasureHandlerTests {
    @Test func erasureLeavesNothingPersonalAndFreesTheSeat() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let other = Identifier()
        let email = "erase.me@example.ch"
        let person = try await h.send(
            Key.register,
            data: command(
                eventId: event, email: email, firstName: "Erika", lastName: "Muster", companyId: Identifier(), position: "CTO",
                newsletter: true, specialRequests: "gluten free"
            ))
        let attendeeId = try person.one("AttendeeRegistered", as: AttendeeRegistered.self).attendeeId
        let seat = try person.one("RegistrationRequested", as: RegistrationRequested.self).registrationId
        try await h.reserve(seat, event: event)
        // Also waitlisted for another event, and someone waits behind.
        let second = try await h.send(Key.register, data: command(eventId: other, email: email))
        let queued = try second.one("RegistrationRequested", as: RegistrationRequested.self).registrationId
        try await h.refuse(queued, event: other)
        let behind = try await h.registerSomeone(event: other)
        try await h.refuse(behind.registration, event: other)
        let waiting = try await h.registerSomeone(event: event)
        try await h.refuse(waiting.registration, event: event)
        // Her profile, in the table and in two outbox bodies (updated, reported).
        try await h.send(
            Key.updateProfile,
            data: UpdateAttendeeProfile(
                attendeeId: attendeeId, profile: ProfilePatch(bio: "Private life story", interests: .set(["Knitting"])),
                preferences: PreferencesPatch(topics: .set(["Quantum"]))))
        try await h.send(Key.getProfile, data: GetAttendeeProfile(attendeeId: attendeeId))
        let session = try await h.scheduleSession(event: event)
        let engaged = try await h.send(
            Key.engage,
            data: RecordContentEngagement(
                attendeeId: attendeeId, contentType: "session", contentId: session, engagementType: "view"
            ))
        #expect(engaged.outcome == .handled)

        let erase = try await h.send(Key.erase, data: EraseAttendee(attendeeId: attendeeId))
        #expect(erase.outcome == .handled)
        #expect(try erase.one("AttendeeErased", as: AttendeeErased.self).attendeeId == attendeeId)
        let cancellations = try erase.messages("attendees.RegistrationCancelled").map { try $0.decode(RegistrationCancelled.self) }
        #expect(Set(cancellations.map(\.registrationId)) == [seat, queued])
        #expect(cancellations.first { $0.registrationId == seat }?.heldSeat == true)
        #expect(erase.names.last == "AttendeeErased")
        // Her commands and events waiting in retry or parking queues go too.
        #expect(erase.erasures == [try ErasureRequest(needles: [attendeeId.description, email], reason: "attendee_erased")])

        // Nothing personal stays: not in attendees, registrations or the outbox.
        let row = try #require(
            try await h.query(
                """
                SELECT email, first_name, last_name, company_id, position, newsletter_subscription, gdpr_consent_given, erased_at
                FROM attendees WHERE id = $1
                """, [attendeeId]
            ).first)
        for column in ["email", "first_name", "last_name", "company_id", "position"] {
            #expect(try row.decode(String?.self, column: column) == nil, "\(column) erased")
        }
        #expect(try !row.decode(Bool.self, column: "newsletter_subscription"))
        #expect(try !row.decode(Bool.self, column: "gdpr_consent_given"))
        #expect(try row.decode(Date?.self, column: "erased_at") != nil)
        #expect(
            try await h.count("SELECT count(*) FROM event_registrations WHERE attendee_id = $1 AND special_requests IS NOT NULL", [attendeeId]) == 0)
        for text in [email, "Erika", "CTO", "gluten free", "Private life story", "Knitting", "Quantum"] {
            let hits = try await h.count(
                """
                SELECT (SELECT count(*) FROM outbox WHERE body ILIKE '%' || $1 || '%')
                     + (SELECT count(*) FROM attendees WHERE concat_ws(' ', email, first_name, last_name, position, bio,
                            array_to_string(interests, ' '), array_to_string(preferred_topics, ' ')) ILIKE '%' || $1 || '%')
                     + (SELECT count(*) FROM event_registrations WHERE special_requests ILIKE '%' || $1 || '%')
                """, [text]
            )
            #expect(hits == 0, "\(text) is gone")
        }

        // The waitlist of the other event closed up.
        #expect(try await h.queue(other).map(\.0) == [behind.registration])
        #expect(try await h.queue(other).map(\.1) == [1])
        // The freed seat goes to the waitlist.
        let released = try await h.send(Key.seatReleased, data: SeatReleased(registrationId: seat, eventId: event, currentAttendeeCount: 0))
        #expect(try released.one("RegistrationRequested", as: RegistrationRequested.self).registrationId == waiting.registration)

        // Idempotent: erasing again answers and changes nothing.
        let again = try await h.send(Key.erase, data: EraseAttendee(attendeeId: attendeeId))
        #expect(again.names == ["AttendeeErased"])
        #expect(again.erasures == [try ErasureRequest(needles: [attendeeId.description], reason: "attendee_erased")])
        // Erased attendees cannot engage; the same email later is a new person.
        let engage = try await h.send(
            Key.engage,
            data: RecordContentEngagement(
                attendeeId: attendeeId, contentType: "session", contentId: Identifier(), engagementType: "view"
            ))
        #expect(engage.rejectionReason == "attendee_erased")
        let comeback = try await h.send(Key.register, data: command(eventId: Identifier(), email: email))
        #expect(try comeback.one("AttendeeRegistered", as: AttendeeRegistered.self).attendeeId != attendeeId)

        #expect(try await h.send(Key.erase, data: EraseAttendee(attendeeId: Identifier())).rejectionReason == "unknown_attendee")
        try await h.drop()
    }
}
