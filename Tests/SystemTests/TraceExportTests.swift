import AMQP
import Companies
import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing
import WorkerHost

/// Span export as `batbern worker` does it, a real process: with the `OTLP`
/// trait (`swift build --traits OTLP`) its spans reach a real OTLP/HTTP
/// receiver; without it (the default build, CI) it says once that export is
/// not compiled in and works on, passing trace context along unchanged.
@Suite struct TraceExportTests {
    #if OTLP
        @Test func aWorkerExportsItsSpansToAnOTLPReceiver() async throws {
            let receiver = try await OTLPReceiver.start()
            let system = try await SystemFixture.start([.companies], startingWorkers: false)
            let worker = try await Self.startCompanies(system, endpoint: receiver.endpoint)
            let root = TraceParent.root()
            try await Self.createCompany(system, trace: root)

            let created = try #require(try await system.events.wait(for: "companies.CompanyCreated", timeout: .seconds(60)).first)
            try await eventually("the handling span at the receiver", timeout: .seconds(30)) {
                receiver.spans.contains { $0["trace_id"] as? String == String(root.traceId) }
            }
            let span = try #require(receiver.spans.first { $0["trace_id"] as? String == String(root.traceId) })
            let attributes = span["attributes"] as? [String: Any] ?? [:]
            #expect(span["name"] as? String == "companies handle companies.CreateCompany")
            #expect(span["service"] as? String == "batbern-companies")
            #expect(span["kind"] as? String == "SPAN_KIND_CONSUMER")
            #expect(span["parent_span_id"] as? String == String(root.spanId))
            #expect(attributes["messaging.system"] as? String == "rabbitmq")
            #expect(attributes["batbern.outcome"] as? String == "handled")
            let published = try #require(TraceParent(amqpHeaders: created.properties.headers))
            #expect(span["span_id"] as? String == String(published.spanId))
            print("TraceExportTests: the receiver got\n\(receiver.lines)")
            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit() == 0)
            await receiver.stop()
            try await system.tearDown()
        }
    #else
        @Test func withoutTheTraitAWorkerSaysExportIsNotCompiledInAndWorksOn() async throws {
            let system = try await SystemFixture.start([.companies], startingWorkers: false)
            // Nothing listens there: the worker must not try.
            let worker = try await Self.startCompanies(system, endpoint: "http://127.0.0.1:9")
            let root = TraceParent.root()
            try await Self.createCompany(system, trace: root)

            let created = try #require(try await system.events.wait(for: "companies.CompanyCreated", timeout: .seconds(60)).first)
            #expect(TraceParent(amqpHeaders: created.properties.headers) == root)
            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit() == 0)
            let warnings = worker.log.components(separatedBy: "span export is not compiled in (build with `\(TracingExport.buildCommand)`)")
            #expect(warnings.count == 2, "\(worker.log)")
            try await system.tearDown()
        }
    #endif

    /// `batbern worker companies` on the fixture's vhost and schema, exporting to `endpoint`.
    private static func startCompanies(_ system: SystemFixture, endpoint: String) async throws -> WorkerProcess {
        let port = Int.random(in: 200...319) * 100 + 7
        let process = try WorkerProcess.start(
            ["worker", "companies", "--http-port", String(port), "--log-level", "notice"],
            environment: [
                "BATBERN_AMQP_URL": system.amqpURL,
                BoundedContext.companies.databaseURLVariable: TestServers.postgresURL(searchPath: "companies_\(system.suffix)"),
                TracingExport.endpointVariable: endpoint,
                // Export within 100 ms, not swift-otel's default 5 s.
                "OTEL_BSP_SCHEDULE_DELAY": "100",
            ])
        try await eventually("the companies process ready", timeout: .seconds(60), every: .milliseconds(100)) {
            httpGet(port: port, path: "/health/ready", timeout: .seconds(1))?.status == 200
        }
        return process
    }

    private static func createCompany(_ system: SystemFixture, trace: TraceParent) async throws {
        try await system.client.send(
            .command("CreateCompany", to: "companies"),
            data: CreateCompany(
                companyId: Identifier(), name: "Traced AG \(system.suffix)", displayName: "Traced", website: "https://traced.example",
                industry: "Software", employeeCount: 12, description: "Spans", createdBy: Identifier()
            ), headers: trace.amqpHeaders
        )
    }
}
