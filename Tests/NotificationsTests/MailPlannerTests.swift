import Foundation
import Identifiers
import Testing

@testable import Notifications

/// Which mail a fact calls for, in which language, with which values: pure.
@Suite struct MailPlannerTests {
    let planner = MailPlanner(.init(defaultLanguage: .de, organiserEmail: "programm@batbern.ch"))
    let event = EventCopy(
        id: Identifier(), title: "BATbern 57", date: Date(timeIntervalSince1970: 1_780_000_000), venue: "Kursaal Bern"
    )

    func speaker(language: String? = nil, optOut: Bool = false) -> Recipient {
        Recipient(
            id: Identifier(), role: .speaker, email: "ada@example.ch", firstName: "Ada", lastName: "Muster", language: language,
            reminderOptOut: optOut, asOf: Date()
        )
    }

    var invitation: InvitationCopy {
        InvitationCopy(
            speakerId: Identifier(), sessionId: Identifier(), eventId: event.id, role: "primary_speaker", presentationTitle: "Clean Code",
            responseDeadline: Date(timeIntervalSince1970: 1_779_000_000)
        )
    }

    @Test func theLanguageFollowsTheTagAndFallsBackToTheDefault() {
        #expect(MailLanguage.forTag("de", fallback: .en) == .de)
        #expect(MailLanguage.forTag("de-CH", fallback: .en) == .de)
        #expect(MailLanguage.forTag("DE-at", fallback: .en) == .de)
        #expect(MailLanguage.forTag("en-GB", fallback: .de) == .en)
        #expect(MailLanguage.forTag("fr", fallback: .de) == .en)
        #expect(MailLanguage.forTag(nil, fallback: .de) == .de)
        #expect(MailLanguage.forTag("", fallback: .en) == .en)
    }

    @Test func anInvitationGoesToTheSpeakerInTheirLanguageWithTheDeadline() {
        let english = planner.invited(speaker(language: "en"), invitation, event)
        #expect(english.kind == .speakerInvited && english.language == .en && english.to == "ada@example.ch")
        #expect(english.values["role"] == "primary speaker" && english.values["presentationTitle"] == "Clean Code")
        #expect(english.values["deadline"]?.contains("2026") == true)
        let german = planner.invited(speaker(), invitation, event)
        #expect(german.language == .de && german.values["role"] == "Hauptreferent·in")
        #expect(german.recipientKey.hasPrefix("speaker:"))
    }

    @Test func aSpeakerWhoOptedOutGetsNoReminderButStillTheExpiry() {
        #expect(planner.reminder(speaker(optOut: true), invitation, event, daysLeft: 3) == nil)
        #expect(planner.reminder(speaker(), invitation, event, daysLeft: 3)?.values["daysLeft"] == "3")
        #expect(planner.expired(speaker(optOut: true), invitation, event).kind == .invitationExpired)
    }

    @Test func theOrganiserHearsOfAnAcceptanceAtTheEventsAddressElseTheConfiguredOne() throws {
        let ada = speaker(language: "en")
        let configured = try #require(planner.confirmed(ada, role: "moderator", event))
        #expect(configured.to == "programm@batbern.ch" && configured.recipientKey == "organiser" && configured.personId == ada.id)
        #expect(configured.values["speakerName"] == "Ada Muster" && configured.language == .de)
        var own = event
        own.organiserEmail = "bern57@batbern.ch"
        #expect(planner.confirmed(ada, role: "moderator", own)?.to == "bern57@batbern.ch")
        #expect(MailPlanner().confirmed(ada, role: "moderator", event) == nil)
    }

    @Test func aRejectionSaysItsReasonInWords() {
        let attendee = Recipient(id: Identifier(), role: .attendee, email: "bob@example.ch", asOf: Date())
        #expect(planner.rejected(attendee, event, reason: "deadline_passed").values["reason"] == "Die Anmeldefrist ist abgelaufen.")
        let english = MailPlanner(.init(defaultLanguage: .en))
        #expect(english.rejected(attendee, event, reason: "registration_closed").values["reason"] == "Registration for this event is closed.")
        #expect(english.waitlisted(attendee, event, position: 7).values["position"] == "7")
    }
}
