import Foundation
import TestSupport
import Testing
import WorkerHost

/// `batbern run` as a real process: one child per context, a killed child
/// restarted alone, a stop that ends everything cleanly.
///
/// Each test's system is its own: a broker vhost, a schema per context in
/// the test database (through `search_path` in the database URLs) and HTTP
/// ports away from the defaults (9101-9106), so a developer's running system
/// is never touched.
@Suite(.serialized) struct RunSupervisorTests {
    @Test func aKilledWorkerComesBackAloneAndSigtermStopsEverything() async throws {
        let system = try await RunSystem.make()
        let supervisor = try system.start()
        do {
            try await system.waitUntilEveryWorkerIsReady()
            let before = system.workers(of: supervisor)
            #expect(before.count == BoundedContext.allCases.count, "one process per context: \(before)")
            let victim = try #require(before[.events])

            kill(victim, SIGKILL)
            try await eventually("events restarted with a new pid", timeout: .seconds(90)) {
                guard let pid = system.workers(of: supervisor)[.events], pid != victim else { return false }
                return system.isReady(.events)
            }
            let after = system.workers(of: supervisor)
            for context in BoundedContext.allCases where context != .events {
                #expect(after[context] == before[context], "\(context.rawValue) kept its process")
                #expect(system.isReady(context), "\(context.rawValue) stayed ready")
            }
            #expect(supervisor.log.contains("child exited unexpectedly; restarting it"))

            supervisor.signal(SIGTERM)
            #expect(try await supervisor.waitForExit(timeout: .seconds(45)) == 0, "every worker stopped cleanly")
            for (context, pid) in after {
                #expect(!RunSystem.isRunning(pid), "\(context.rawValue) exited")
            }
        } catch {
            supervisor.signal(SIGKILL)
            _ = try? await supervisor.waitForExit(timeout: .seconds(5))
            try? await system.tearDown()
            throw error
        }
        try await system.tearDown()
    }

    /// Without its supervisor (SIGKILLed, so it could not forward anything)
    /// no worker lingers on with its port and queues.
    @Test func workersStopWhenTheSupervisorIsKilled() async throws {
        let system = try await RunSystem.make()
        let supervisor = try system.start()
        do {
            try await system.waitUntilEveryWorkerIsReady()
            let workers = system.workers(of: supervisor)
            #expect(workers.count == BoundedContext.allCases.count)
            supervisor.signal(SIGKILL)
            #expect(try await supervisor.waitForExit() == 128 + SIGKILL)
            try await eventually("every orphaned worker stopped", timeout: .seconds(45)) {
                workers.values.allSatisfy { !RunSystem.isRunning($0) }
            }
        } catch {
            supervisor.signal(SIGKILL)
            try? await system.tearDown()
            throw error
        }
        try await system.tearDown()
    }
}
