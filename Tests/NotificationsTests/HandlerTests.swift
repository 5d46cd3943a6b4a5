import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing

@testable import Notifications

/// The handlers against a real database: one row per message, recipient and
/// kind, in the recipient's language; retried while a copy is missing;
/// nothing left after an erasure.
@Suite struct HandlerTests {
    @Test func anInvitationItsRemindersAndItsExpiryEachWriteOneRowInTheSpeakersLanguage() async throws {
        try await Mailroom.with { m in
            let speaker = try await m.speaker(language: "en-GB")
            let event = try await m.event()
            let session = Identifier()
            try await m.send(
                SpeakerInvited(speakerId: speaker, sessionId: session, eventId: event, role: "primary_speaker", responseDeadline: Date() + 3600))
            var reminders: [HarnessResult] = []
            for days in [14, 7, 3] {
                reminders.append(try await m.send(SpeakerInvitationReminderDue(speakerId: speaker, sessionId: session, daysLeft: days)))
            }
            try await m.send(SpeakerInvitationExpired(speakerId: speaker, sessionId: session))
            // A redelivery changes nothing.
            #expect(try await m.h.redeliver(reminders[0]).outcome == .duplicate)
            let rows = try await m.rows()
            #expect(
                rows.map(\.kind) == ["speaker_invited", "invitation_reminder", "invitation_reminder", "invitation_reminder", "invitation_expired"])
            #expect(rows.allSatisfy { $0.language == "en" && $0.to == "ada@example.ch" })
            #expect(rows[0].subject == "Invitation: BATbern 57" && rows[4].subject == "Invitation expired: BATbern 57")
            let due = try await m.h.query("SELECT count(*) FROM notifications WHERE status = 'pending' AND next_attempt_at <= now()")
            #expect(try due.first?.decode(Int.self, at: 0) == 5)
        }
    }

    @Test func aSpeakerWhoOptedOutOfRemindersGetsTheInvitationAndTheExpiryOnly() async throws {
        try await Mailroom.with { m in
            let speaker = try await m.speaker(optOut: true)
            let event = try await m.event()
            let session = Identifier()
            try await m.send(SpeakerInvited(speakerId: speaker, sessionId: session, eventId: event, role: "moderator", responseDeadline: Date()))
            #expect(try await m.send(SpeakerInvitationReminderDue(speakerId: speaker, sessionId: session, daysLeft: 3)).outcome == .handled)
            try await m.send(SpeakerInvitationExpired(speakerId: speaker, sessionId: session))
            let rows = try await m.rows()
            #expect(rows.map(\.kind) == ["speaker_invited", "invitation_expired"])
            #expect(rows.allSatisfy { $0.language == "de" })
        }
    }

    @Test func theOrganiserHearsOfAnAcceptanceAndAReleaseReachesTheSpeaker() async throws {
        try await Mailroom.with(organiser: "programm@batbern.ch") { m in
            let speaker = try await m.speaker()
            let event = try await m.event()
            let session = Identifier()
            try await m.send(SpeakerConfirmed(speakerId: speaker, sessionId: session, eventId: event, role: "primary_speaker"))
            try await m.send(
                SpeakerReleased(speakerId: speaker, sessionId: session, eventId: event, role: "primary_speaker", reason: "session_cancelled"))
            let rows = try await m.rows()
            #expect(rows.map(\.kind) == ["speaker_confirmed", "speaker_released"])
            #expect(rows[0].to == "programm@batbern.ch" && rows[0].subject == "Zusage: Ada Muster für BATbern 57")
            #expect(rows[1].to == "ada@example.ch")
        }
    }

    /// An invitation's messages may be taken out of order too (a
    /// SpeakerInvited retried while the speaker's copy was missing, then
    /// overtaken by the release of a cancelled session): the stale invitation
    /// and reminder mail nothing and are not retried. Before, the speaker was
    /// invited after being released.
    @Test func anInvitationsOlderMessageTakenAfterItsReleaseMailsNothing() async throws {
        try await Mailroom.with { m in
            let speaker = try await m.speaker()
            let event = try await m.event()
            let session = Identifier()
            let now = Date()
            try await m.send(
                SpeakerReleased(speakerId: speaker, sessionId: session, eventId: event, role: "primary_speaker", reason: "session_cancelled"),
                at: now + 2)
            let invited = try await m.send(
                SpeakerInvited(speakerId: speaker, sessionId: session, eventId: event, role: "primary_speaker", responseDeadline: now + 3600),
                at: now + 1)
            #expect(invited.outcome == .handled)
            let reminder = try await m.send(SpeakerInvitationReminderDue(speakerId: speaker, sessionId: session, daysLeft: 3), at: now + 1.5)
            #expect(reminder.outcome == .handled)
            #expect(try await m.rows().map(\.kind) == ["speaker_released"])
            // A new invitation to the same session is news again.
            try await m.send(
                SpeakerInvited(speakerId: speaker, sessionId: session, eventId: event, role: "primary_speaker", responseDeadline: now + 7200),
                at: now + 3)
            #expect(try await m.rows().map(\.kind) == ["speaker_released", "speaker_invited"])
        }
    }

    @Test func aWaitlistedRegistrationThatIsConfirmedIsAPromotion() async throws {
        try await Mailroom.with { m in
            let attendee = try await m.attendee()
            let event = try await m.event()
            let first = Identifier()
            let second = Identifier()
            try await m.send(RegistrationConfirmed(RegistrationFacts(registrationId: first, eventId: event, attendeeId: attendee)))
            try await m.send(RegistrationWaitlisted(registrationId: second, eventId: event, attendeeId: attendee, position: 2))
            try await m.send(RegistrationConfirmed(RegistrationFacts(registrationId: second, eventId: event, attendeeId: attendee)))
            try await m.send(RegistrationCancelled(RegistrationFacts(registrationId: first, eventId: event, attendeeId: attendee)))
            try await m.send(RegistrationRejected(registrationId: Identifier(), eventId: Identifier(), attendeeId: attendee, reason: "unknown_event"))
            let rows = try await m.rows()
            #expect(
                rows.map(\.kind) == [
                    "registration_confirmed", "registration_waitlisted", "registration_promoted", "registration_cancelled", "registration_rejected",
                ])
            #expect(rows[1].subject == "Warteliste: BATbern 57")
            let words = try await m.h.query("SELECT text_body FROM notifications WHERE kind = 'registration_rejected'")
            #expect(try words.first?.decode(String.self, at: 0).contains("Wir finden diesen Anlass nicht.") == true)
        }
    }

    /// A new date reaches the next mail; an older update never overwrites a
    /// newer one; after EventCancelled no confirmation or waitlisting goes
    /// out, while the cancellation itself still does.
    @Test func mailsFollowTheEventsUpdatesAndStopConfirmingOnceItIsCancelled() async throws {
        try await Mailroom.with { m in
            let attendee = try await m.attendee()
            let event = try await m.event()
            let now = Date()
            try await m.send(
                EventUpdated(
                    eventId: event, title: "BATbern 57 (neu)", eventDate: Date(timeIntervalSince1970: 1_790_000_000), venueName: "Kornhausforum"),
                at: now)
            let stale = try await m.send(
                EventUpdated(eventId: event, title: "BATbern 57 (alt)", eventDate: Date(timeIntervalSince1970: 1_780_000_000), venueName: "Kursaal"),
                at: now.addingTimeInterval(-60))
            #expect(stale.outcome == .handled)
            try await m.send(RegistrationConfirmed(RegistrationFacts(registrationId: Identifier(), eventId: event, attendeeId: attendee)))
            #expect(try await m.rows().map(\.subject) == ["Anmeldung bestätigt: BATbern 57 (neu)"])

            try await m.send(EventCancelled(eventId: event))
            let late = Identifier()
            try await m.send(RegistrationConfirmed(RegistrationFacts(registrationId: Identifier(), eventId: event, attendeeId: attendee)))
            try await m.send(RegistrationWaitlisted(registrationId: late, eventId: event, attendeeId: attendee, position: 1))
            try await m.send(RegistrationCancelled(RegistrationFacts(registrationId: late, eventId: event, attendeeId: attendee)))
            #expect(try await m.rows().map(\.kind) == ["registration_confirmed", "registration_cancelled"])
        }
    }

    /// The programme goes to attendees holding a seat who subscribed, once
    /// per programme message; not to a cancelled or unsubscribed one.
    @Test func theProgrammeReachesSubscribedSeatHoldersOncePerMessage() async throws {
        try await Mailroom.with { m in
            let event = try await m.event()
            let subscribed = try await m.attendee(email: "sub@example.ch")
            let unsubscribed = Identifier()
            try await m.send(AttendeeRegistered(attendeeId: unsubscribed, email: "nosub@example.ch", newsletterSubscription: false))
            let leaving = try await m.attendee(email: "gone@example.ch")
            let leavingRegistration = Identifier()
            for (registration, attendee) in [(Identifier(), subscribed), (Identifier(), unsubscribed), (leavingRegistration, leaving)] {
                try await m.send(RegistrationConfirmed(RegistrationFacts(registrationId: registration, eventId: event, attendeeId: attendee)))
            }
            try await m.send(RegistrationCancelled(RegistrationFacts(registrationId: leavingRegistration, eventId: event, attendeeId: leaving)))
            let start = Date(timeIntervalSince1970: 1_780_036_200)  // 08:30 in Bern
            let programme = ProgrammeFacts(
                eventId: event, revision: 2,
                sessions: [
                    ProgrammeSession(
                        title: "Keynote", startTime: start, endTime: start.addingTimeInterval(3600), room: "Saal",
                        speakers: [.init(firstName: "Ada", lastName: "Lovelace")])
                ])
            let id = Identifier()
            try await m.send(EventProgrammeChanged(programme), id: id)
            try await m.send(EventProgrammeChanged(programme), id: id)
            let mails = try await m.h.query("SELECT to_address, subject, text_body FROM notifications WHERE kind = 'programme_published'")
            #expect(try mails.map { try $0.decode(String.self, at: 0) } == ["sub@example.ch"])
            #expect(try mails.first?.decode(String.self, at: 1) == "Programm: BATbern 57")
            #expect(try mails.first?.decode(String.self, at: 2).contains("08:30–09:30 Keynote, Saal (Ada Lovelace)") == true)
        }
    }

    /// A registration's messages may be taken out of order (lanes,
    /// replicas, and above all retries while the attendee's copy is missing):
    /// an older one taken after a newer one mails nothing and marks nothing.
    /// Before, a confirmation was followed by "waitlisted", and a
    /// cancellation by "confirmed" with the programme still going out.
    @Test func aRegistrationsOlderMessageTakenAfterANewerOneMailsNothing() async throws {
        try await Mailroom.with { m in
            let event = try await m.event()
            let promoted = try await m.attendee(email: "promoted@example.ch")
            let leaving = try await m.attendee(email: "leaving@example.ch")
            let (first, second) = (Identifier(), Identifier())
            let now = Date()
            try await m.send(RegistrationConfirmed(RegistrationFacts(registrationId: first, eventId: event, attendeeId: promoted)), at: now + 2)
            let waitlisted = try await m.send(
                RegistrationWaitlisted(registrationId: first, eventId: event, attendeeId: promoted, position: 1), at: now + 1)
            #expect(waitlisted.outcome == .handled)
            try await m.send(RegistrationCancelled(RegistrationFacts(registrationId: second, eventId: event, attendeeId: leaving)), at: now + 2)
            let confirmed = try await m.send(
                RegistrationConfirmed(RegistrationFacts(registrationId: second, eventId: event, attendeeId: leaving)), at: now + 1)
            #expect(confirmed.outcome == .handled)
            let kinds = try await m.rows().map { "\($0.to) \($0.kind)" }
            #expect(Set(kinds) == ["promoted@example.ch registration_confirmed", "leaving@example.ch registration_cancelled"], "\(kinds)")
            // The programme reaches the seat holder only.
            try await m.send(EventProgrammeChanged(ProgrammeFacts(eventId: event, revision: 1, sessions: [])), at: now + 3)
            let programme = try await m.h.query("SELECT to_address FROM notifications WHERE kind = 'programme_published'")
            #expect(try programme.map { try $0.decode(String.self, at: 0) } == ["promoted@example.ch"])
        }
    }

    /// Two programme changes in quick succession (speakers confirming) may
    /// be taken in the other order: the older revision mails nothing, so the
    /// last programme an attendee got is the current one. Before, the stale
    /// programme went out after the newer one.
    @Test func anOlderProgrammeRevisionTakenAfterANewerOneMailsNothing() async throws {
        try await Mailroom.with { m in
            let event = try await m.event()
            let attendee = try await m.attendee(email: "sub@example.ch")
            try await m.send(RegistrationConfirmed(RegistrationFacts(registrationId: Identifier(), eventId: event, attendeeId: attendee)))
            let start = Date(timeIntervalSince1970: 1_780_036_200)
            func programme(_ revision: Int, _ title: String) -> EventProgrammeChanged {
                EventProgrammeChanged(
                    ProgrammeFacts(
                        eventId: event, revision: revision,
                        sessions: [ProgrammeSession(title: title, startTime: start, endTime: start.addingTimeInterval(3600), speakers: [])]))
            }
            try await m.send(programme(3, "Current keynote"))
            #expect(try await m.send(programme(2, "Stale keynote")).outcome == .handled)
            let bodies = try await m.h.query("SELECT text_body FROM notifications WHERE kind = 'programme_published'")
                .map { try $0.decode(String.self, at: 0) }
            #expect(bodies.count == 1 && bodies.first?.contains("Current keynote") == true, "\(bodies)")
        }
    }

    @Test func aMailForSomeoneNotYetKnownIsRetriedNotLost() async throws {
        try await Mailroom.with { m in
            let event = try await m.event()
            let attendee = Identifier()
            let facts = RegistrationFacts(registrationId: Identifier(), eventId: event, attendeeId: attendee)
            let early = try await m.send(RegistrationConfirmed(facts))
            guard case .failed(let reason) = early.outcome else {
                Issue.record("expected a retry, got \(early.outcome)")
                return
            }
            #expect(reason.contains("not known yet") && !reason.contains(attendee.description), "no id in what the failures journal keeps")
            try await m.send(AttendeeRegistered(attendeeId: attendee, email: "late@example.ch"))
            #expect(try await m.h.redeliver(early).outcome == .handled)
            #expect(try await m.rows().map(\.kind) == ["registration_confirmed"])
        }
    }

    @Test func anOlderProfileNeverOverwritesANewerOne() async throws {
        try await Mailroom.with { m in
            let id = Identifier()
            let now = Date()
            try await m.send(
                SpeakerProfileUpdated(
                    speakerId: id, email: "new@example.ch", firstName: "Ada", lastName: "Neu",
                    communicationPreferences: SpeakerPreferences(language: "en")),
                at: now)
            try await m.send(SpeakerRegistered(speakerId: id, email: "old@example.ch", firstName: "Ada", lastName: "Alt"), at: now - 60)
            let row = try await m.h.query("SELECT email, language FROM recipients WHERE id = $1", [id])
            #expect(try row.first?.decode(String.self, at: 0) == "new@example.ch")
            #expect(try row.first?.decode(String?.self, at: 1) == "en")
        }
    }

    /// A fresh profile message published before the erasure may be taken
    /// after it by another lane or replica (the kernel drops only messages
    /// back from its retry queues): it brings nothing back. Before, the
    /// erased speaker's name and address were copied again for good. A
    /// registration after the erasure is a new person and is kept.
    @Test func aProfileMessageTakenAfterTheErasureBringsNothingBack() async throws {
        try await Mailroom.with { m in
            let speaker = try await m.speaker(email: "speaker.gone@example.ch")
            let now = Date()
            try await m.send(SpeakerErased(speakerId: speaker), at: now + 2)
            let late = try await m.send(
                SpeakerProfileUpdated(
                    speakerId: speaker, email: "speaker.gone@example.ch", firstName: "Ada", lastName: "Muster",
                    communicationPreferences: SpeakerPreferences(language: "en")),
                at: now + 1)
            #expect(late.outcome == .handled)
            #expect(try await m.mentions("speaker.gone@example.ch") == [:])
            let attendee = Identifier()
            try await m.send(AttendeeErased(attendeeId: attendee), at: now + 2)
            try await m.send(AttendeeRegistered(attendeeId: attendee, email: "back@example.ch"), at: now + 3)
            #expect(try await m.mentions("back@example.ch") == ["recipients": 1])
        }
    }

    @Test func afterAnErasureNothingPersonalIsLeft() async throws {
        try await Mailroom.with(organiser: "programm@batbern.ch") { m in
            let attendee = try await m.attendee(email: "erase.me@example.ch")
            let speaker = try await m.speaker(email: "speaker.gone@example.ch")
            let other = try await m.attendee(email: "stays@example.ch")
            let event = try await m.event()
            let registration = Identifier()
            try await m.send(RegistrationWaitlisted(registrationId: registration, eventId: event, attendeeId: attendee, position: 1))
            try await m.send(RegistrationConfirmed(RegistrationFacts(registrationId: Identifier(), eventId: event, attendeeId: other)))
            try await m.send(SpeakerConfirmed(speakerId: speaker, sessionId: Identifier(), eventId: event, role: "moderator"))
            try await m.send(SpeakerInvited(speakerId: speaker, sessionId: Identifier(), eventId: event, role: "moderator", responseDeadline: Date()))
            #expect(try await m.mentions("erase.me@example.ch") != [:])

            let erased = try await m.send(AttendeeErased(attendeeId: attendee))
            try await m.send(SpeakerErased(speakerId: speaker))
            for needle in ["erase.me@example.ch", "speaker.gone@example.ch", "Muster"] {
                #expect(try await m.mentions(needle) == [:], "\(needle)")
            }
            // The ids stay only as the kernel's needles, to sweep its retry and parking queues.
            for id in [attendee, speaker] { #expect(try await m.mentions(id.description) == ["erasure_requests": 1]) }
            #expect(erased.erasures.map(\.needles) == [[attendee.description]])
            // Someone else's mail is untouched.
            #expect(try await m.rows().map(\.to) == ["stays@example.ch"])
        }
    }
}
