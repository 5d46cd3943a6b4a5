import Demo
import FlowTrace
import Foundation
import SagaClient
import Synchronization
import TestSupport
import Testing
import WorkerHost

/// `batbern demo` runs to the end against the five real workers, and what
/// it narrates is what happened.
@Suite struct DemoTests {
    @Test func theDemoRunsToTheEnd() async throws {
        let system = try await SystemFixture.start(
            BoundedContext.allCases, environment: ["BATBERN_SPEAKERS_REMINDER_OFFSETS_SECONDS": "2,1"])
        let lines = Mutex<[String]>([])
        let bus = try await SagaBus.connect(url: system.amqpURL, routingKeys: ["#"])
        var scenario = DemoScenario(
            pace: .zero,
            traceDatabases: try BoundedContext.allCases.map { (context: $0.rawValue, configuration: try #require(system.databaseConfiguration($0))) }
        ) { line in lines.withLock { $0.append(line) } }
        scenario.stepTimeout = .seconds(120)  // the whole test run shares two cores
        let outcome: DemoScenario.Outcome
        do {
            outcome = try await scenario.run(on: bus)
            await bus.close()
        } catch {
            await bus.close()
            print(lines.withLock { $0 }.joined(separator: "\n"))
            throw error
        }
        let text = lines.withLock { $0 }.joined(separator: "\n")
        print(text)
        #expect(outcome.confirmed == 3)
        #expect(outcome.waitlisted == [1, 2])
        #expect(outcome.promoted && outcome.declined && outcome.expired)
        #expect(outcome.analytics?["totalEmployeeAttendance"]?.doubleValue == 1)
        let trace = try #require(outcome.trace)
        #expect(Set(trace.contexts).isSuperset(of: ["attendees", "events"]))
        #expect(text.contains("client->>attendees: RegisterAttendee"))
        #expect(text.contains("attendees->>events: RegistrationRequested"))
        #expect(text.contains("speakers.SpeakerInvitationExpired"))
        #expect(system.contractProblems() == [])
        try await system.tearDown()
    }
}
