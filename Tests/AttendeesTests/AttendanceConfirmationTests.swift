import Foundation
import Identifiers
import Testing

@testable import Attendees

@Suite struct AttendanceConfirmationTests {
    let now = t0.addingTimeInterval(3600)

    @Test func aConfirmedRegistrationRSVPsOnceAndARepeatAnswersTheFirstTime() throws {
        let person = attendee()
        let r = registration(.confirmed, attendeeId: person.id)
        let d = try AttendanceConfirmation.confirm(r, id: r.id, attendee: person, now: now)
        #expect(d.registration.attendanceConfirmed && d.registration.attendanceConfirmedAt == now)
        let answer = AttendeesEvent.attendanceConfirmed(
            AttendanceConfirmed(registrationId: r.id, eventId: r.eventId, attendeeId: person.id, confirmedAt: now))
        #expect(d.events == [answer])
        let again = try AttendanceConfirmation.confirm(d.registration, id: r.id, attendee: person, now: now + 60)
        #expect(!again.changesState && again.events == [answer])
        // Attended after the RSVP: still answered the same.
        var attended = d.registration
        attended.status = .attended
        #expect(try AttendanceConfirmation.confirm(attended, id: r.id, attendee: person, now: now + 120).events == [answer])
    }

    @Test func otherwiseRefused() throws {
        let person = attendee()
        #expect(rejection { try AttendanceConfirmation.confirm(nil, id: Identifier(), attendee: nil, now: now) } == "unknown_registration")
        for status in [RegistrationStatus.registered, .waitlisted, .cancelled, .rejected] {
            let r = registration(status, attendeeId: person.id)
            #expect(rejection { try AttendanceConfirmation.confirm(r, id: r.id, attendee: person, now: now) } == "registration_not_confirmed")
        }
        let attended = registration(.attended, attendeeId: person.id)
        #expect(rejection { try AttendanceConfirmation.confirm(attended, id: attended.id, attendee: person, now: now) } == "registration_attended")
        var withdrawn = person
        withdrawn.consentWithdrawnAt = t0
        let confirmed = registration(.confirmed, attendeeId: person.id)
        #expect(rejection { try AttendanceConfirmation.confirm(confirmed, id: confirmed.id, attendee: withdrawn, now: now) } == "consent_withdrawn")
    }
}

@Suite struct EngagementHistoryTests {
    func engagement(_ content: Identifier, _ type: String, _ value: Decimal? = nil, at seconds: TimeInterval) -> ContentEngagement {
        ContentEngagement(
            id: Identifier(), attendeeId: Identifier(), contentType: "session", contentId: content, engagementType: type,
            engagementValue: value, engagedAt: t0 + seconds
        )
    }

    @Test func theLatestRatingOfEachSessionCountsAndTheMeanIsRoundedToCents() {
        let keynote = Identifier()
        let workshop = Identifier()
        let video = Identifier()
        let history = EngagementHistory.summarize(
            [
                engagement(keynote, "view", at: 1), engagement(keynote, "rating", 2, at: 2), engagement(keynote, "rating", 5, at: 3),
                engagement(workshop, "rating", 4, at: 4), engagement(workshop, "download", at: 5),
                // Not a session: an engagement, not a session rating.
                engagement(video, "rating", 1, at: 6), engagement(video, "view", 120, at: 7),
            ], sessions: [keynote, workshop])
        #expect(history.totalEngagements == 7)
        #expect(
            history.byType
                == [
                    EngagementCount(engagementType: "rating", count: 4), EngagementCount(engagementType: "view", count: 2),
                    EngagementCount(engagementType: "download", count: 1),
                ])
        #expect(
            history.sessionRatings
                == [SessionRating(sessionId: keynote, rating: 5, ratedAt: t0 + 3), SessionRating(sessionId: workshop, rating: 4, ratedAt: t0 + 4)])
        #expect(history.averageRating == 4.5)
        #expect(history.lastEngagedAt == t0 + 7)

        let thirds = EngagementHistory.summarize(
            [engagement(keynote, "rating", 5, at: 1), engagement(workshop, "rating", 4, at: 2), engagement(video, "rating", 4, at: 3)],
            sessions: [keynote, workshop, video])
        #expect(thirds.averageRating == 4.33)
        #expect(
            EngagementHistory.summarize([], sessions: [])
                == EngagementHistory(
                    totalEngagements: 0, byType: [], sessionRatings: [], averageRating: nil, lastEngagedAt: nil))
    }
}
