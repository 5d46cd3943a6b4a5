import Foundation
import KernelProbe
import Messaging
import TestSupport
import Testing

/// deploy/monitoring's dashboard and alert rules name only metrics a worker
/// serves: a renamed metric fails here, not silently in production.
@Suite struct MonitoringFilesTests {
    static let files = ["deploy/monitoring/grafana-dashboard.json", "deploy/monitoring/prometheus-alerts.yaml"]

    /// Every `batbern_…` name in a file.
    static func namedMetrics(_ text: String) throws -> Set<String> {
        let pattern = try Regex("batbern_[a-z_]+")
        return Set(text.matches(of: pattern).map { String(text[$0.range]) })
    }

    /// Sample names in Prometheus text: the token before `{` or a space.
    static func servedMetrics(_ body: String) -> Set<String> {
        Set(
            body.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
                line.split(whereSeparator: { $0 == "{" || $0 == " " }).first.map(String.init)
            })
    }

    @Test func everyMetricTheDashboardAndAlertsNameIsServed() async throws {
        let name = uniqueName("kmon").replacingOccurrences(of: "-", with: "")
        let served = try await WorkerFixture.with(KernelProbe.definition(name: name), context: "probe") { fixture in
            let port = try #require(fixture.worker?.httpPort)
            let client = try await TestClient.connect()
            try await client.send(.command("Touch", to: name), data: KernelProbe.Touch(n: 1))
            await client.close()
            try await eventually("handled") { fixture.metric("batbern_messages_handled_total") == 1 }
            let metrics = try httpGet(port: port, "/metrics")
            #expect(metrics.body.contains("batbern_worker_ready{worker=\"\(name)\"} 1"))
            #expect(metrics.body.contains("batbern_worker_live{worker=\"\(name)\"} 1"))
            return Self.servedMetrics(metrics.body)
        }
        for file in Self.files {
            let text = try String(contentsOf: TestServers.repositoryRoot.appendingPathComponent(file), encoding: .utf8)
            let named = try Self.namedMetrics(text)
            #expect(named.count >= 5, "\(file) names metrics")
            #expect(named.subtracting(served).isEmpty, "\(file) names metrics no worker serves: \(named.subtracting(served).sorted())")
        }
    }

    @Test func theDashboardIsValidJSON() throws {
        let data = try Data(contentsOf: TestServers.repositoryRoot.appendingPathComponent(Self.files[0]))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(dashboard["uid"] as? String == "batbern-workers")
        #expect((dashboard["panels"] as? [Any])?.isEmpty == false)
    }
}
