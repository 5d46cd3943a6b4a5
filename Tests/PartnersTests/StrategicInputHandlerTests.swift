import Foundation
import Identifiers
import Messaging
import Partners
import Postgres
import TestSupport
import Testing

/// Suggestions, votes and events' topics through the kernel's processor on a
/// real database: the influence score moves, tallies add up across partners.
@Suite("Strategic input handlers")
struct StrategicInputHandlerTests {
    static let t0 = PartnerHandlerTests.t0

    /// A partner of a new company, with one contact.
    static func partner(_ h: HandlerHarness, level: String = "gold") async throws -> (partner: Identifier, contact: Identifier) {
        let companyId = Identifier()
        try await PartnerHandlerTests.companyCreated(h, companyId)
        let partnerId = try PartnerHandlerTests.partnerId(try await PartnerHandlerTests.start(h, companyId, level: level))
        let added = try await h.send(
            .command("AddPartnerContact", to: "partners"),
            data: AddPartnerContact(partnerId: partnerId, name: "Anna", email: "anna-\(partnerId)@example.ch"), now: t0)
        let contact = try #require(try added.messages("partners.PartnerContactAdded").first?.decode(PartnerContactAdded.self)).contactId
        return (partnerId, contact)
    }

    static func suggest(_ h: HandlerHarness, _ who: (partner: Identifier, contact: Identifier), _ title: String) async throws -> HarnessResult {
        try await h.send(
            .command("SuggestTopic", to: "partners"), data: SuggestTopic(partnerId: who.partner, contactId: who.contact, title: title), now: t0)
    }

    static func suggestionId(_ result: HarnessResult) throws -> Identifier {
        try #require(try result.messages("partners.TopicSuggested").first?.decode(TopicSuggested.self)).suggestionId
    }

    @discardableResult
    static func vote(
        _ h: HandlerHarness, _ who: (partner: Identifier, contact: Identifier), topic: Identifier? = nil, suggestion: Identifier? = nil,
        _ choice: String
    ) async throws -> HarnessResult {
        try await h.send(
            .command("VoteTopic", to: "partners"),
            data: VoteTopic(partnerId: who.partner, contactId: who.contact, topicId: topic, suggestionId: suggestion, vote: choice), now: t0)
    }

    static func defineTopic(_ h: HandlerHarness, _ title: String, topicId: Identifier = Identifier(), event: Identifier = Identifier()) async throws
        -> HarnessResult
    {
        try await h.send(
            .event("EventTopicDefined", from: "events"), data: EventTopicDefinedNotice(eventId: event, topicId: topicId, title: title), now: t0)
    }

    static func influence(_ h: HandlerHarness, _ partner: Identifier) async throws -> Hundredths? {
        try await PartnerHandlerTests.storedRows(h, partner)[nil]?.topicInfluenceScore
    }

    @Test func theInfluenceScoreMovesWithSuggestionsVotesAndAdoptions() async throws {
        try await PartnerHandlerTests.withHarness { h in
            let acme = try await Self.partner(h)
            let beta = try await Self.partner(h, level: "silver")
            var results: [HarnessResult] = []

            // Acme suggests two topics: backed 2, adopted 0.
            let platform = try await Self.suggest(h, acme, "Platform Engineering")
            let zeroTrust = try await Self.suggest(h, acme, "Zero Trust")
            results += [platform, zeroTrust]
            #expect(try await Self.influence(h, acme.partner) == nil, "0 of 2: the row stays zero, nothing published")
            #expect(try PartnerHandlerTests.analytics(platform).isEmpty)

            // Beta votes for Acme's first.
            let platformId = try Self.suggestionId(platform)
            let betaVote = try await Self.vote(h, beta, suggestion: platformId, "for")
            results.append(betaVote)
            let voted = try #require(try betaVote.messages("partners.TopicVoted").first?.decode(TopicVoted.self))
            #expect(voted.weight == 2 && voted.tally == 2 && voted.previousVote == nil && voted.suggestionId == platformId)

            // events defines it, written differently: both partners are recalculated.
            let defined = try await Self.defineTopic(h, "platform-engineering")
            results.append(defined)
            let rows = try PartnerHandlerTests.analytics(defined)
            #expect(Set(rows.map(\.partnerId)) == [acme.partner, beta.partner])
            #expect(rows.allSatisfy { $0.eventId == nil })
            #expect(try await Self.influence(h, acme.partner) == .whole(50))
            #expect(try await Self.influence(h, beta.partner) == .whole(100))
            #expect(
                try await h.query("SELECT adopted_topic_id FROM topic_suggestions WHERE id = $1", [platformId]).first?
                    .decode(Identifier?.self, column: "adopted_topic_id") != nil)

            // The same topic again (a repeated DefineEventTopic): nothing.
            let topicId = try #require(
                try await h.query("SELECT topic_id FROM event_topics").first?.decode(Identifier.self, column: "topic_id"))
            #expect(try await Self.defineTopic(h, "platform-engineering", topicId: topicId).published.isEmpty)

            // Beta now backs a suggestion that is open: 1 of 2.
            let mesh = try await Self.suggest(h, beta, "Data Mesh")
            results.append(mesh)
            #expect(try PartnerHandlerTests.analytics(mesh).map(\.topicInfluenceScore) == [50])
            // Acme votes for it, changes its mind: its influence goes 1/3, then back to 1/2.
            let meshId = try Self.suggestionId(mesh)
            let meshFor = try await Self.vote(h, acme, suggestion: meshId, "for")
            #expect(try PartnerHandlerTests.analytics(meshFor).map(\.topicInfluenceScore) == [33.33])
            let meshAgainst = try await Self.vote(h, acme, suggestion: meshId, "against")
            let changed = try #require(try meshAgainst.messages("partners.TopicVoted").first?.decode(TopicVoted.self))
            #expect(changed.previousVote == .for && changed.tally == -3)
            #expect(try PartnerHandlerTests.analytics(meshAgainst).map(\.topicInfluenceScore) == [50])
            results += [meshFor, meshAgainst]
            #expect(try await h.query("SELECT 1 FROM topic_votes WHERE partner_id = $1", [acme.partner]).count == 1)

            // Adopted suggestions take no votes; its topic does, and the tally counts every partner.
            #expect(PartnerHandlerTests.reason(try await Self.vote(h, acme, suggestion: platformId, "for")) == "suggestion_adopted")
            #expect(PartnerHandlerTests.reason(try await Self.suggest(h, beta, "Platform engineering")) == "topic_exists")
            let onTopic = try await Self.vote(h, acme, topic: topicId, "for")
            let betaOnTopic = try await Self.vote(h, beta, topic: topicId, "against")
            #expect(try onTopic.messages("partners.TopicVoted").first?.decode(TopicVoted.self).tally == 3)
            #expect(try betaOnTopic.messages("partners.TopicVoted").first?.decode(TopicVoted.self).tally == 1)
            #expect(try PartnerHandlerTests.analytics(onTopic).isEmpty, "a vote on a defined topic caused nothing")
            results += [onTopic, betaOnTopic]

            let contract = try ContractValidator()
            for message in results.flatMap(\.published) {
                #expect(contract.problems(body: Array(message.body.utf8), routingKey: message.routingKey) == [])
            }
        }
    }

    @Test func inputOfAnEndedPartnershipIsRefusedAndItsRowsStay() async throws {
        try await PartnerHandlerTests.withHarness { h in
            let acme = try await Self.partner(h)
            let beta = try await Self.partner(h)
            let suggestion = try Self.suggestionId(try await Self.suggest(h, acme, "Observability"))
            try await Self.vote(h, beta, suggestion: suggestion, "for")
            try await h.send(
                .command("EndPartnership", to: "partners"), data: EndPartnership(partnerId: beta.partner, partnershipEndDate: "2025-06-30"),
                now: Self.t0)
            #expect(PartnerHandlerTests.reason(try await Self.suggest(h, beta, "Anything")) == "partnership_ended")
            #expect(PartnerHandlerTests.reason(try await Self.vote(h, beta, suggestion: suggestion, "against")) == "partnership_ended")
            let before = try await PartnerHandlerTests.storedRows(h, beta.partner)
            let adopted = try await Self.defineTopic(h, "observability")
            #expect(try PartnerHandlerTests.analytics(adopted).map(\.partnerId) == [acme.partner])
            #expect(try await PartnerHandlerTests.storedRows(h, beta.partner) == before)
        }
    }
}
