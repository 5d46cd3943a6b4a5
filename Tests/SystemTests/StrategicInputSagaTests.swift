import Companies
import Events
import Foundation
import Identifiers
import Messaging
import Partners
import TestSupport
import Testing

/// Issue 12, items 2-5 through the real companies, partners and events
/// workers: fees and benefits in the partnership events, suggestions and
/// votes in partners, a topic defined in events that adopts a suggestion and
/// moves both backers' influence, votes on the topic, and the report.
@Suite struct StrategicInputSagaTests {
    static let suggest = MessageKey.command("SuggestTopic", to: "partners")
    static let vote = MessageKey.command("VoteTopic", to: "partners")
    static let export = MessageKey.command("ExportPartnerReport", to: "partners")

    /// A partner of a new company, at `level` with `fee`, and one contact.
    func partner(_ name: String, level: String, fee: Int?, _ system: SystemFixture) async throws -> (partner: Identifier, contact: Identifier) {
        let companyId = Identifier()
        _ = try await system.command(
            .command("CreateCompany", to: "companies"),
            CreateCompany(companyId: companyId, name: name, displayName: name, industry: "Software", employeeCount: 20, createdBy: Identifier()))
        try await eventually("partners knows \(name)") {
            try await system.count(.partners, "SELECT count(*) FROM companies WHERE company_id = $1", [companyId]) == 1
        }
        let started = try await system.command(
            .command("StartPartnership", to: "partners"),
            StartPartnership(companyId: companyId, partnershipLevel: level, partnershipStartDate: "2025-01-01", partnershipFee: fee))
        let event = try #require(started.first { $0.routingKey == "partners.PartnershipStarted" }).decode(PartnershipStarted.self)
        #expect(event.partnershipFee == fee ?? PartnershipTier(rawValue: level)?.defaultFee)
        #expect(event.benefits == PartnershipTier(rawValue: level)?.benefits)
        let contact = try await system.command(
            .command("AddPartnerContact", to: "partners"),
            AddPartnerContact(partnerId: event.partnerId, name: "Input", email: "input@\(name.lowercased()).example"))
        return (event.partnerId, try #require(contact.first?.uuid("contactId")))
    }

    /// The TopicVoted among a vote's answers (a PartnerAnalyticsRecalculated may follow it).
    func voted(_ answer: [PublishedEvent]) throws -> TopicVoted? {
        try answer.first { $0.routingKey == "partners.TopicVoted" }?.decode(TopicVoted.self)
    }

    func influence(_ partner: Identifier, _ system: SystemFixture) async throws -> Double? {
        try await system.query(
            .partners, "SELECT topic_influence_score::float8 AS score FROM partner_analytics WHERE partner_id = $1 AND event_id IS NULL", [partner]
        ).first?.decode(Double.self, column: "score")
    }

    @Test func aTopicDefinedInEventsAdoptsASuggestionAndMovesInfluence() async throws {
        try await withSystem([.companies, .partners, .events]) { system in
            let acme = try await partner("Acme", level: "gold", fee: 12_000, system)
            let beta = try await partner("Beta", level: "silver", fee: nil, system)

            let platform = try await system.command(
                Self.suggest, SuggestTopic(partnerId: acme.partner, contactId: acme.contact, title: "Platform Engineering"))
            let platformId = try #require(platform.first { $0.routingKey == "partners.TopicSuggested" }?.uuid("suggestionId"))
            let mesh = try await system.command(Self.suggest, SuggestTopic(partnerId: beta.partner, contactId: beta.contact, title: "Data Mesh"))
            #expect(mesh.first?.routingKey == "partners.TopicSuggested")
            let votedFor = try await system.command(
                Self.vote, VoteTopic(partnerId: beta.partner, contactId: beta.contact, suggestionId: platformId, vote: "for"))
            #expect(try voted(votedFor)?.tally == 2)
            #expect(try await influence(acme.partner, system) == nil, "nothing adopted yet: no row")

            // events defines the topic, written its own way.
            let eventId = try await Saga(system).createEvent()
            let defined = try await system.command(
                .command("DefineEventTopic", to: "events"), DefineEventTopic(eventId: eventId, title: "platform engineering", tags: ["devex"]),
                expecting: 2)
            let topic = try #require(defined.first { $0.routingKey == "events.EventTopicDefined" })
            let topicId = try #require(topic.uuid("topicId"))
            let moved = try await system.answers(to: topic.header.id, count: 2).map { try $0.decode(PartnerAnalyticsRecalculated.self) }
            #expect(Set(moved.map(\.partnerId)) == [acme.partner, beta.partner])
            #expect(try await influence(acme.partner, system) == 100)  // 1 of 1
            #expect(try await influence(beta.partner, system) == 50)  // its vote adopted, its own suggestion open

            // Votes on the topic: one per partner, changeable, the tally counts both.
            _ = try await system.command(Self.vote, VoteTopic(partnerId: acme.partner, contactId: acme.contact, topicId: topicId, vote: "for"))
            let betaAgainst = try await system.command(
                Self.vote, VoteTopic(partnerId: beta.partner, contactId: beta.contact, topicId: topicId, vote: "against"))
            #expect(try voted(betaAgainst)?.tally == 3 - 2)
            let betaFor = try await system.command(
                Self.vote, VoteTopic(partnerId: beta.partner, contactId: beta.contact, topicId: topicId, vote: "for"))
            #expect(try voted(betaFor)?.previousVote == .against)
            #expect(try voted(betaFor)?.tally == 5)
            let late = try await system.command(
                Self.vote, VoteTopic(partnerId: beta.partner, contactId: beta.contact, suggestionId: platformId, vote: "against"))
            #expect(late.first?.string("reason") == "suggestion_adopted")

            // The report for the portal.
            let exported = try await system.command(Self.export, ExportPartnerReport(partnerId: acme.partner))
            let report = try #require(exported.first).decode(PartnerReportExported.self)
            #expect(report.partnershipFee == 12_000 && report.partnershipLevel == .gold && report.companyName == "Acme")
            #expect(report.analytics.first?.eventId == nil && report.analytics.first?.topicInfluenceScore == 100)
            #expect(
                report.strategicInput
                    == PartnerReportExported.StrategicInput(
                        suggestions: 1, adoptedSuggestions: 1, backedSuggestions: 1, adoptedBackedSuggestions: 1, votes: 1))
            let unknown = try await system.command(Self.export, ExportPartnerReport(partnerId: Identifier()))
            #expect(unknown.first?.string("reason") == "unknown_partner")

            #expect(system.contractProblems() == [])
        }
    }
}
