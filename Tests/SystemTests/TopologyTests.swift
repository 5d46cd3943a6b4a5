import AMQP
import Foundation
import Identifiers
import Messaging
import Partners
import TestSupport
import Testing
import WorkerHost

/// `batbern topology`: the deployment declares every worker's queues up
/// front, so nothing published before a worker first starts is lost.
@Suite struct TopologyTests {
    @Test func anEventPublishedBeforeItsSubscriberEverStartedReachesIt() async throws {
        let system = try await SystemFixture.start([.partners], ownUsers: true, startingWorkers: false)
        let declare = try WorkerProcess.start(["topology", "--amqp-url", system.sandbox.adminURL])
        #expect(try await declare.waitForExit() == 0, "\(declare.log)")
        #expect(declare.log.contains("declared queue partners ("))
        #expect(declare.log.contains("declared binding batbern.events -[companies.CompanyCreated]-> partners"))
        #expect(declare.log.contains("declared queue partners.parked (x-queue-type=quorum, x-delivery-limit=2147483647)"))

        // companies announces a company before partners has ever run.
        let company = Identifier()
        try await system.client.send(
            .event("CompanyCreated", from: "companies"),
            data: CompanyCreatedNotice(companyId: company, name: "Early AG", employeeCount: 12)
        )
        try await system.start(.partners)
        try await eventually("partners took in the early event", timeout: .seconds(60)) {
            try await system.count(.partners, "SELECT count(*) FROM companies WHERE company_id = $1", [company]) == 1
        }

        // Running it again changes nothing and succeeds.
        let again = try WorkerProcess.start(["topology", "--amqp-url", system.sandbox.adminURL])
        #expect(try await again.waitForExit() == 0, "\(again.log)")
        #expect(again.log.contains("topology in place"))
        try await system.tearDown()
    }

    @Test func aWorkerFindingNoSharedExchangesSaysToRunBatbernTopology() async throws {
        let sandbox = try await BrokerSandbox.make()
        let connection = try await AMQPConnection.connect(sandbox.admin())
        let channel = try await connection.openChannel()
        let missing = try await #require(throws: TopologyMissing.self) {
            try await Topology(worker: "lonely", bindings: []).declare(on: channel)
        }
        #expect(missing.exchange == Exchanges.commands)
        #expect(missing.description.contains("run `batbern topology`"))
        await connection.close()
    }

    @Test func theDeployedDefinitionsAreWhatTheCodeDerives() throws {
        let file = TestServers.repositoryRoot.appendingPathComponent("deploy/rabbitmq/definitions.json")
        let deployed = try String(contentsOf: file, encoding: .utf8)
        #expect(
            deployed == (try BrokerDefinitions().json()),
            "deploy/rabbitmq/definitions.json differs from the code: .build/debug/batbern topology definitions > deploy/rabbitmq/definitions.json"
        )
    }
}
