import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import Testing

/// Suggestions, votes and adoption, without I/O.
@Suite("Strategic input decisions")
struct StrategicInputDecisionsTests {
    let now = Date(timeIntervalSince1970: 1_760_000_000)
    let partner = Partner(
        id: Identifier(), companyId: Identifier(), level: .gold, startDate: PostgresDate(year: 2025, month: 1, day: 1), endDate: nil,
        isActive: true, fee: 10_000
    )
    var contact: PartnerContact {
        PartnerContact(id: Identifier(), partnerId: partner.id, name: "Anna", email: "anna@acme.ch", role: nil, phone: nil, isPrimary: true)
    }

    func suggest(
        _ title: String?, description: String? = nil, partner: Partner?? = nil, contacts: [PartnerContact]? = nil, contactId: Identifier? = nil,
        defined: EventTopic? = nil, open: Bool = false
    ) throws -> TopicSuggestion {
        let contacts = contacts ?? [contact]
        return try StrategicInputDecisions.suggest(
            SuggestTopic(
                partnerId: self.partner.id, contactId: contactId ?? contacts.first?.id ?? Identifier(), title: title, description: description),
            partner: partner ?? self.partner, contacts: contacts, definedTopic: defined, openSuggestion: open, newId: Identifier(), now: now
        )
    }

    @Test func titlesMatchIgnoringCaseAccentsAndPunctuation() {
        #expect(TopicTitle.normalized("Kubernetes: Operators!") == "kubernetes operators")
        #expect(TopicTitle.normalized("  kubernetes   operators ") == "kubernetes operators")
        #expect(TopicTitle.normalized("Zürich-Cloud") == TopicTitle.normalized("ZURICH cloud"))
        #expect(TopicTitle.normalized("Web 3.0") == "web 3 0")
        #expect(TopicTitle.normalized("!!! ---") == "")
        #expect(TopicTitle.normalized("Data Mesh") != TopicTitle.normalized("Data Meshes"))
    }

    @Test func aContactOfAnActivePartnerSuggests() throws {
        let suggestion = try suggest("  Platform Engineering ", description: "Golden paths")
        #expect(suggestion.title == "Platform Engineering")
        #expect(suggestion.normalizedTitle == "platform engineering")
        #expect(suggestion.description == "Golden paths")
        #expect(suggestion.adoptedTopicId == nil)
        #expect(suggestion.suggestedAt == now)
        let event = TopicSuggested(suggestion)
        #expect(event.partnerId == partner.id && event.suggestionId == suggestion.id && event.title == "Platform Engineering")
    }

    @Test func suggestionRejections() {
        #expect(rejection { _ = try suggest(nil) } == "missing_field")
        #expect(rejection { _ = try suggest("   ") } == "missing_field")
        #expect(rejection { _ = try suggest(String(repeating: "x", count: 256)) } == "field_too_long")
        #expect(rejection { _ = try suggest("ok", description: String(repeating: "y", count: 2001)) } == "field_too_long")
        #expect(rejection { _ = try suggest("?!") } == "invalid_title")
        #expect(rejection { _ = try suggest("ok", partner: .some(nil)) } == "unknown_partner")
        var ended = partner
        ended.isActive = false
        #expect(rejection { _ = try suggest("ok", partner: ended) } == "partnership_ended")
        #expect(rejection { _ = try suggest("ok", contactId: Identifier()) } == "unknown_contact")
        let topic = EventTopic(topicId: Identifier(), eventId: Identifier(), title: "OK")
        #expect(rejection { _ = try suggest("ok", defined: topic) } == "topic_exists")
        #expect(rejection { _ = try suggest("ok", open: true) } == "duplicate_suggestion")
    }

    @Test func votesWeighByTierAndChange() throws {
        let anna = contact
        let topic = EventTopic(topicId: Identifier(), eventId: Identifier(), title: "Data Mesh")
        let command = VoteTopic(partnerId: partner.id, contactId: anna.id, topicId: topic.topicId, vote: "for")
        let (first, event) = try StrategicInputDecisions.vote(
            command, partner: partner, contacts: [anna], topic: topic, suggestion: nil, previous: nil, othersTally: 4, now: now)
        #expect(first.weight == 3)
        #expect(first.target == .topic(topic.topicId))
        #expect(event.tally == 7)
        #expect(event.previousVote == nil)
        #expect(event.topicId == topic.topicId && event.suggestionId == nil)

        var against = command
        against.vote = "against"
        let (changed, changedEvent) = try StrategicInputDecisions.vote(
            against, partner: partner, contacts: [anna], topic: topic, suggestion: nil, previous: first, othersTally: 4, now: now)
        #expect(changed.choice == .against)
        #expect(changedEvent.previousVote == .for)
        #expect(changedEvent.tally == 1)
        #expect(PartnershipTier.allCases.map(\.voteWeight) == [1, 2, 3, 4, 5])
    }

    @Test func voteRejections() {
        let anna = contact
        let topic = EventTopic(topicId: Identifier(), eventId: Identifier(), title: "Data Mesh")
        var open = TopicSuggestion(
            id: Identifier(), partnerId: Identifier(), contactId: Identifier(), title: "Zero Trust", description: nil, suggestedAt: now)
        func vote(
            topicId: Identifier? = nil, suggestionId: Identifier? = nil, choice: String? = "for", partner: Partner?? = nil,
            contactId: Identifier? = nil,
            knownTopic: EventTopic? = nil, knownSuggestion: TopicSuggestion? = nil
        ) -> String? {
            rejection {
                _ = try StrategicInputDecisions.vote(
                    VoteTopic(
                        partnerId: self.partner.id, contactId: contactId ?? anna.id, topicId: topicId, suggestionId: suggestionId, vote: choice),
                    partner: partner ?? self.partner, contacts: [anna], topic: knownTopic, suggestion: knownSuggestion, previous: nil,
                    othersTally: 0, now: now)
            }
        }
        #expect(vote() == "missing_field")
        #expect(vote(topicId: topic.topicId, suggestionId: open.id) == "invalid_target")
        #expect(vote(topicId: topic.topicId, choice: nil, knownTopic: topic) == "missing_field")
        #expect(vote(topicId: topic.topicId, choice: "maybe", knownTopic: topic) == "invalid_vote")
        #expect(vote(topicId: topic.topicId, partner: .some(nil), knownTopic: topic) == "unknown_partner")
        #expect(vote(topicId: topic.topicId, contactId: Identifier(), knownTopic: topic) == "unknown_contact")
        #expect(vote(topicId: topic.topicId) == "unknown_topic")
        #expect(vote(suggestionId: open.id) == "unknown_suggestion")
        #expect(vote(suggestionId: open.id, knownSuggestion: open) == nil)
        open.adoptedTopicId = topic.topicId
        #expect(vote(suggestionId: open.id, knownSuggestion: open) == "suggestion_adopted")
    }

    @Test func aTopicAdoptsTheOpenSuggestionsWithItsTitle() {
        func suggestion(_ title: String, adopted: Identifier? = nil) -> TopicSuggestion {
            TopicSuggestion(
                id: Identifier(), partnerId: Identifier(), contactId: Identifier(), title: title, description: nil, suggestedAt: now,
                adoptedTopicId: adopted)
        }
        let topic = EventTopic(topicId: Identifier(), eventId: Identifier(), title: "Platform engineering?")
        let mine = suggestion("Platform Engineering")
        let theirs = suggestion("PLATFORM-ENGINEERING")
        let other = suggestion("Platform Teams")
        let earlier = suggestion("platform engineering", adopted: Identifier())
        let adopted = StrategicInputDecisions.adopt(topic, openSuggestions: [mine, theirs, other, earlier])
        #expect(adopted.map(\.id) == [mine.id, theirs.id])
        #expect(adopted.allSatisfy { $0.adoptedTopicId == topic.topicId })
    }
}
