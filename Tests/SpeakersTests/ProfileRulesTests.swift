import Foundation
import Identifiers
import Messaging
import Testing

@testable import Speakers

/// UpdateSpeakerProfile's decision: one reason code per rule; absent leaves
/// a field, null clears it.
@Suite struct ProfileRulesTests {
    let speaker = aSpeaker()

    func update(_ edit: (inout UpdateSpeakerProfile) -> Void, speaker: Speaker? = nil, companyKnown: Bool = true) throws -> ProfileChange {
        var command = UpdateSpeakerProfile(speakerId: self.speaker.id)
        edit(&command)
        return try ProfileRules.update(command, speaker: speaker ?? self.speaker, companyKnown: companyKnown)
    }

    func reason(_ edit: (inout UpdateSpeakerProfile) -> Void) -> String? {
        rejection { try update(edit) }
    }

    func profile(_ edit: (inout UpdateSpeakerProfile) -> Void) throws -> SpeakerProfile {
        try #require(try update(edit).speaker.personal?.profile)
    }

    @Test func givenFieldsAreSetAndTheRestIsLeftAlone() throws {
        let changed = try update {
            $0.shortBio = .set("Compilers.")
            $0.expertiseAreas = .set(["COBOL"])
            $0.profilePhotoUrl = .set("https://img.example.ch/ada.png")
            $0.linkedInUrl = .set("http://www.linkedin.com/in/ada")
            $0.twitterHandle = .set("@ada_l")
            $0.certifications = .set(["CSM"])
            $0.languages = .set(["de", "en", "de-CH"])
            $0.speakingTopics = .set(["Swift"])
            $0.position = .set("CTO")
            $0.communicationPreferences = .set(PreferencesUpdate(channel: .set("phone"), language: .set("fr"), reminderOptOut: .set(true)))
        }
        let personal = try #require(changed.speaker.personal)
        #expect(
            personal.profile
                == SpeakerProfile(
                    shortBio: "Compilers.", expertiseAreas: ["COBOL"], profilePhotoUrl: "https://img.example.ch/ada.png",
                    linkedInUrl: "http://www.linkedin.com/in/ada", twitterHandle: "ada_l", certifications: ["CSM"],
                    languages: ["de", "en", "de-CH"], speakingTopics: ["Swift"]
                ))
        #expect(personal.position == "CTO" && personal.email == "ada@example.ch" && personal.firstName == "Ada")
        #expect(personal.preferences == CommunicationPreferences(channel: "phone", language: "fr", reminderOptOut: true))
        #expect(!changed.companyChanged && changed.speaker.companyId == speaker.companyId)

        // Absent: unchanged. Null: cleared (lists empty, preferences back to defaults).
        let later = try update({ $0.detailedBio = .set("More.") }, speaker: changed.speaker)
        #expect(later.speaker.personal?.profile.shortBio == "Compilers.")
        #expect(later.speaker.personal?.preferences.reminderOptOut == true)
        let cleared = try update(
            {
                $0.shortBio = .clear
                $0.twitterHandle = .clear
                $0.languages = .clear
                $0.expertiseAreas = .clear
                $0.position = .clear
                $0.communicationPreferences = .clear
            }, speaker: changed.speaker)
        let after = try #require(cleared.speaker.personal)
        #expect(after.profile.shortBio == nil && after.profile.twitterHandle == nil && after.profile.languages.isEmpty)
        #expect(after.profile.expertiseAreas.isEmpty && after.position == nil && after.profile.certifications == ["CSM"])
        #expect(after.preferences == CommunicationPreferences())
        // One preference at a time; its language cleared alone.
        let one = try update(
            { $0.communicationPreferences = .set(PreferencesUpdate(language: .clear)) }, speaker: changed.speaker)
        #expect(one.speaker.personal?.preferences == CommunicationPreferences(channel: "phone", language: nil, reminderOptOut: true))
    }

    @Test func aCommandWithoutFieldsAndUnknownOrErasedSpeakersAreRejected() {
        #expect(reason { _ in } == "no_changes")
        let command = UpdateSpeakerProfile(speakerId: speaker.id)
        var given = command
        given.position = .set("CTO")
        #expect(rejection { try ProfileRules.update(given, speaker: nil, companyKnown: true) } == "unknown_speaker")
        var erased = speaker
        erased.personal = nil
        erased.erasedAt = t0
        #expect(rejection { try ProfileRules.update(given, speaker: erased, companyKnown: true) } == "speaker_erased")
    }

    @Test func textLengths() {
        #expect(reason { $0.shortBio = .set(String(repeating: "a", count: 500)) } == nil)
        #expect(reason { $0.shortBio = .set(String(repeating: "a", count: 501)) } == "short_bio_too_long")
        #expect(reason { $0.detailedBio = .set(String(repeating: "a", count: 10_001)) } == "detailed_bio_too_long")
        #expect(reason { $0.position = .set(String(repeating: "a", count: 256)) } == "position_too_long")
        #expect(reason { $0.shortBio = .set("a\u{0}b") } == "short_bio_invalid")
    }

    @Test(
        arguments: [
            ("https://example.ch/a.png", nil), ("HTTP://example.ch", nil), ("ftp://example.ch/a.png", "invalid_profile_photo_url"),
            ("https:///a.png", "invalid_profile_photo_url"), ("example.ch/a.png", "invalid_profile_photo_url"),
            ("https://exa mple.ch", "invalid_profile_photo_url"), ("javascript:alert(1)", "invalid_profile_photo_url"),
            ("https://example.ch/\u{7}", "invalid_profile_photo_url"),
        ] as [(String, String?)])
    func photoUrls(url: String, expected: String?) {
        #expect(reason { $0.profilePhotoUrl = .set(url) } == expected)
    }

    @Test func linkedInUrlsFollowTheSameRulesUnderTheirOwnCodes() {
        #expect(reason { $0.linkedInUrl = .set("linkedin.com/in/ada") } == "invalid_linkedin_url")
        #expect(reason { $0.linkedInUrl = .set("https://linkedin.com/" + String(repeating: "a", count: 480)) } == "linkedin_url_too_long")
        #expect(reason { $0.profilePhotoUrl = .set("https://e.ch/" + String(repeating: "a", count: 490)) } == "profile_photo_url_too_long")
    }

    @Test(
        arguments: [
            ("ada", "ada"), ("@Ada_Lovelace_1", "Ada_Lovelace_1"), ("@", nil), ("", nil), ("ada lovelace", nil), ("a-b", nil),
            ("abcdefghijklmnop", nil), ("@@ada", nil), ("adä", nil),
        ] as [(String, String?)])
    func twitterHandles(handle: String, stored: String?) throws {
        if let stored {
            #expect(try profile { $0.twitterHandle = .set(handle) }.twitterHandle == stored)
        } else {
            #expect(reason { $0.twitterHandle = .set(handle) } == "invalid_twitter_handle")
        }
    }

    @Test func listsHaveACountAndAnEntryRule() {
        #expect(reason { $0.certifications = .set(Array(repeating: "x", count: 51)) } == "certifications_too_long")
        #expect(reason { $0.certifications = .set([" "]) } == "certification_required")
        #expect(reason { $0.certifications = .set([String(repeating: "x", count: 256)]) } == "certification_too_long")
        #expect(reason { $0.speakingTopics = .set(Array(repeating: "x", count: 51)) } == "speaking_topics_too_long")
        #expect(reason { $0.speakingTopics = .set([""]) } == "speaking_topic_required")
        #expect(reason { $0.expertiseAreas = .set([String(repeating: "x", count: 256)]) } == "expertise_area_too_long")
        #expect(reason { $0.expertiseAreas = .set(Array(repeating: "x", count: 51)) } == "expertise_areas_too_long")
        #expect(reason { $0.languages = .set(Array(repeating: "de", count: 21)) } == "languages_too_long")
        for bad in ["", "d", "deutsch", "de_CH", "de-", "de-C", "12", "de-CH-x-y-z"] {
            #expect(reason { $0.languages = .set([bad]) } == "invalid_language", "\(bad)")
        }
        #expect(reason { $0.languages = .set(["zh-Hant-TW", "gsw"]) } == nil)
    }

    @Test func preferencesRules() {
        #expect(reason { $0.communicationPreferences = .set(PreferencesUpdate(channel: .set("pigeon"))) } == "invalid_channel")
        #expect(reason { $0.communicationPreferences = .set(PreferencesUpdate(channel: .clear)) } == "channel_required")
        #expect(reason { $0.communicationPreferences = .set(PreferencesUpdate(language: .set("Deutsch"))) } == "invalid_preferred_language")
        #expect(reason { $0.communicationPreferences = .set(PreferencesUpdate(reminderOptOut: .clear)) } == "reminder_opt_out_required")
    }

    @Test func anotherCompanyIsVerifiedWhenKnownAndCannotBeCleared() throws {
        let other = Identifier()
        let known = try update({ $0.companyId = .set(other) }, companyKnown: true)
        #expect(known.companyChanged && known.speaker.companyId == other && known.speaker.companyVerified)
        let unknown = try update({ $0.companyId = .set(other) }, companyKnown: false)
        #expect(unknown.companyChanged && !unknown.speaker.companyVerified)
        // The same company again is no change, whatever the copy says.
        let same = try update({ $0.companyId = .set(speaker.companyId) }, companyKnown: false)
        #expect(!same.companyChanged && same.speaker.companyVerified)
        #expect(reason { $0.companyId = .clear } == "company_id_required")
    }

    @Test func aRejectionNeverRepeatsTheValue() {
        for edit: (inout UpdateSpeakerProfile) -> Void in [
            { $0.linkedInUrl = .set("secret.person") }, { $0.twitterHandle = .set("secret person") },
            { $0.languages = .set(["secretperson"]) }, { $0.communicationPreferences = .set(PreferencesUpdate(channel: .set("secret"))) },
        ] {
            var command = UpdateSpeakerProfile(speakerId: speaker.id)
            edit(&command)
            let rejection = #expect(throws: CommandRejection.self) { try ProfileRules.update(command, speaker: speaker, companyKnown: true) }
            #expect(rejection.map { !$0.message.contains("secret") } == true, "\(rejection?.message ?? "")")
        }
    }
}

/// The wire form of a partial update: absent, null and a value are three things.
@Suite struct FieldUpdateCodingTests {
    @Test func absentNullAndValueDecodeApartAndEncodeBack() throws {
        let id = Identifier()
        let json = """
            {"speakerId":"\(id)","shortBio":null,"position":"CTO","languages":["de"],
             "communicationPreferences":{"language":null,"reminderOptOut":true}}
            """
        let command = try MessageCoding.decode(UpdateSpeakerProfile.self, from: Array(json.utf8))
        #expect(command.shortBio == .clear && command.detailedBio == .unchanged && command.position == .set("CTO"))
        #expect(command.languages == .set(["de"]) && command.twitterHandle == .unchanged)
        #expect(command.communicationPreferences == .set(PreferencesUpdate(language: .clear, reminderOptOut: .set(true))))
        #expect(command.givenFields == ["shortBio", "languages", "position", "communicationPreferences"])
        let again = try MessageCoding.decode(UpdateSpeakerProfile.self, from: MessageCoding.encode(command))
        #expect(again == command)
        let text = String(decoding: try MessageCoding.encode(command), as: UTF8.self)
        #expect(text.contains("\"shortBio\":null") && !text.contains("detailedBio"))
    }

    @Test func aMistypedFieldDoesNotDecode() {
        let json = #"{"speakerId":"8d7f9a3e-2b1c-4e5d-9f0a-1b2c3d4e5f60","languages":"de"}"#
        #expect(throws: DecodingError.self) { try MessageCoding.decode(UpdateSpeakerProfile.self, from: Array(json.utf8)) }
    }
}
