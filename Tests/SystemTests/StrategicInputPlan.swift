import Identifiers
import Messaging
import Partners
import TestSupport
import Testing

/// Strategic input of two partners for AnalyticsSagaTests' generated facts:
/// a contact each, A's two suggestions and B's one, B's votes for A's first
/// and against A's second, A's vote for B's. `adoptingTopic` is the
/// EventTopicDefined (as events would publish it) that adopts A's first.
struct StrategicInputPlan {
    static let suggest = MessageKey.command("SuggestTopic", to: "partners")
    static let vote = MessageKey.command("VoteTopic", to: "partners")

    /// `events.EventTopicDefined` as events publishes it (the contract's fields).
    struct TopicDefined: Codable, Sendable {
        var eventId = Identifier()
        var topicId = Identifier()
        var title: String
        var tags: [String] = []
    }

    let adoptingTopic: TopicDefined

    static func give(a: Identifier, b: Identifier, _ system: SystemFixture) async throws -> StrategicInputPlan {
        var contacts: [Identifier: Identifier] = [:]
        for (partner, email) in [(a, "input-a@alpha.example"), (b, "input-b@beta.example")] {
            let added = try await system.command(
                .command("AddPartnerContact", to: "partners"), AddPartnerContact(partnerId: partner, name: "Input Contact", email: email))
            contacts[partner] = try #require(added.first?.uuid("contactId"))
        }
        func suggestion(_ partner: Identifier, _ title: String) async throws -> Identifier {
            let answer = try await system.command(suggest, SuggestTopic(partnerId: partner, contactId: contacts[partner], title: title))
            return try #require(answer.first { $0.routingKey == "partners.TopicSuggested" }?.uuid("suggestionId"))
        }
        let platform = try await suggestion(a, "Platform Engineering")
        let zeroTrust = try await suggestion(a, "Zero Trust")
        let mesh = try await suggestion(b, "Data Mesh")
        for (partner, target, choice) in [(b, platform, "for"), (b, zeroTrust, "against"), (a, mesh, "for")] {
            let answer = try await system.command(
                vote, VoteTopic(partnerId: partner, contactId: contacts[partner], suggestionId: target, vote: choice))
            #expect(answer.first?.routingKey == "partners.TopicVoted")
        }
        return StrategicInputPlan(adoptingTopic: TopicDefined(title: "platform engineering!"))
    }
}
