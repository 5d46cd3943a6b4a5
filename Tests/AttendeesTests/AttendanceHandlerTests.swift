import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Attendees

@Suite struct AttendanceHandlerTests {
    @Test func attendanceOnlyForConfirmedAndOnlyOnce() async throws {
        let h = try await attendeesHarness()
        let event = Identifier()
        let company = Identifier()
        let someone = try await h.registerSomeone(event: event, companyId: company)
        let early = try await h.send(Key.attend, data: RecordAttendance(registrationId: someone.registration))
        #expect(early.rejectionReason == "registration_not_confirmed")

        try await h.reserve(someone.registration, event: event)
        let recorded = try await h.send(Key.attend, data: RecordAttendance(registrationId: someone.registration))
        let fact = try recorded.one("AttendanceRecorded", as: AttendanceRecorded.self)
        #expect(fact == AttendanceRecorded(registrationId: someone.registration, eventId: event, attendeeId: someone.attendee, companyId: company))
        let row = try await h.query("SELECT status, actual_attendance FROM event_registrations WHERE id = $1", [someone.registration])
        #expect(try row[0].decode(String.self, column: "status") == "attended")
        #expect(try row[0].decode(Bool.self, column: "actual_attendance"))

        let before = try await h.query("SELECT status_changed_at FROM event_registrations WHERE id = $1", [someone.registration])[0][0]
        let again = try await h.send(Key.attend, data: RecordAttendance(registrationId: someone.registration), now: Date().addingTimeInterval(60))
        #expect(try again.one("AttendanceRecorded", as: AttendanceRecorded.self) == fact)
        let after = try await h.query("SELECT status_changed_at FROM event_registrations WHERE id = $1", [someone.registration])[0][0]
        #expect(before == after, "recording twice changes nothing")

        #expect(
            try await h.send(Key.cancel, data: CancelRegistration(registrationId: someone.registration)).rejectionReason == "registration_attended")
        try await h.drop()
    }

    @Test func engagementIsStoredAndPublished() async throws {
        let h = try await attendeesHarness()
        let company = Identifier()
        let event = Identifier()
        let someone = try await h.registerSomeone(event: event, companyId: company)
        let content = try await h.scheduleSession(event: event)
        let rated = try await h.send(
            Key.engage,
            data: RecordContentEngagement(
                attendeeId: someone.attendee, contentType: "session", contentId: content, engagementType: "rating", engagementValue: 4.5
            ))
        let engaged = try rated.one("ContentEngaged", as: ContentEngaged.self)
        #expect(engaged.companyId == company && engaged.engagementValue == 4.5 && engaged.contentId == content)
        let value = try await h.query("SELECT engagement_value FROM content_engagement WHERE id = $1", [engaged.engagementId])
        #expect(try value[0].decode(Decimal.self, at: 0) == Decimal(45) / 10)

        let view = try await h.send(
            Key.engage,
            data: RecordContentEngagement(
                attendeeId: someone.attendee, contentType: "video", contentId: content, engagementType: "view"
            ))
        #expect(try view.one("ContentEngaged", as: ContentEngaged.self).engagementValue == nil)

        let bad = try await h.send(
            Key.engage,
            data: RecordContentEngagement(
                attendeeId: someone.attendee, contentType: "session", contentId: content, engagementType: "rating", engagementValue: 6
            ))
        #expect(bad.rejectionReason == "rating_out_of_range")
        let unknown = try await h.send(
            Key.engage,
            data: RecordContentEngagement(
                attendeeId: Identifier(), contentType: "session", contentId: content, engagementType: "view"
            ))
        #expect(unknown.rejectionReason == "unknown_attendee")
        // Content attendees does not know of (no session of events') is refused.
        let unknownContent = try await h.send(
            Key.engage,
            data: RecordContentEngagement(
                attendeeId: someone.attendee, contentType: "session", contentId: Identifier(), engagementType: "view"
            ))
        #expect(unknownContent.rejectionReason == "unknown_content")
        #expect(try await h.count("SELECT count(*) FROM content_engagement") == 2)

        // A material of a session becomes content once events announces it,
        // and stays so after its removal (it was shown).
        let material = Identifier()
        let slides = RecordContentEngagement(
            attendeeId: someone.attendee, contentType: "presentation", contentId: material, engagementType: "download"
        )
        #expect(try await h.send(Key.engage, data: slides).rejectionReason == "unknown_content")
        let fields = MaterialCopyFields(materialId: material, sessionId: content, eventId: Identifier())
        #expect(try await h.send(SessionMaterialAdded.key, data: SessionMaterialAdded(fields)).outcome == .handled)
        #expect(try await h.send(Key.engage, data: slides).outcome == .handled)
        #expect(try await h.send(SessionMaterialRemoved.key, data: SessionMaterialRemoved(fields)).outcome == .handled)
        #expect(try await h.send(Key.engage, data: slides).outcome == .handled)
        #expect(try await h.count("SELECT count(*) FROM content_engagement") == 4)
        try await h.drop()
    }
}
