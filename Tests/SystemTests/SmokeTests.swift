import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing
import WorkerHost

/// All five workers up in one vhost, and one command answered.
@Suite struct SmokeTests {
    @Test func allFiveWorkersStartAndACommandIsAnswered() async throws {
        let system = try await SystemFixture.start(BoundedContext.allCases)
        struct CreateCompany: Codable, Sendable {
            var name: String, displayName: String, industry: String, employeeCount: Int, createdBy: Identifier
        }
        let answer = try await system.command(
            .command("CreateCompany", to: "companies"),
            CreateCompany(name: "Acme AG", displayName: "Acme", industry: "Software", employeeCount: 40, createdBy: Identifier())
        )
        #expect(answer.first?.routingKey == "companies.CompanyCreated")
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }
}
