import Foundation
import Identifiers
import LoadGenerator
import Testing

@Suite struct LoadReportTests {
    func report(_ checks: [InvariantCheck], answered: Int = 300, lastAnswer: Duration? = .milliseconds(1500)) -> LoadReport {
        var latencies = LatencyBook(steps: ["step"])
        latencies.record("step", .milliseconds(4))
        let findings = LoadFindings(
            latencies: latencies, events: [], invariants: checks, answered: answered, missing: 300 - answered,
            duplicateDeliveries: 0, lastAnswer: lastAnswer
        )
        return LoadReport(
            saga: "registrations", schedule: PacingSchedule(rate: 200, duration: .milliseconds(1500)), targets: 1, capacity: 100,
            sent: 300, sendingTook: .milliseconds(1495), findings: findings
        )
    }

    @Test func throughputIsSagasEndedOverTheTimeToTheLastEnd() {
        let figures = report([InvariantCheck("a", holds: true)])
        #expect(figures.throughput == 200)
        #expect(figures.elapsedSeconds == 1.5 && figures.sendingSeconds == 1.495 && figures.durationSeconds == 1.5)
        #expect(figures.passed)
        #expect(report([], answered: 0, lastAnswer: nil).throughput == 0)
    }

    @Test func oneBrokenInvariantFailsTheRun() {
        let figures = report([InvariantCheck("a", holds: true), InvariantCheck("b", holds: false, detail: "3 of 300 missing")])
        #expect(!figures.passed)
        #expect(figures.text.contains("ok    a"))
        #expect(figures.text.contains("FAIL  b: 3 of 300 missing"))
    }

    /// The JSON scripts read: one object, the same figures back.
    @Test func theJSONFormRoundTrips() throws {
        let figures = report([InvariantCheck("a", holds: true)])
        let json = try JSONEncoder().encode(figures)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(Set(object.keys).isSuperset(of: ["saga", "rate", "sent", "answered", "missing", "throughput", "steps", "invariants", "passed"]))
        #expect(try JSONDecoder().decode(LoadReport.self, from: json) == figures)
    }

    @Test func aHoldingCheckCarriesNoDetail() {
        #expect(InvariantCheck("a", holds: true, detail: "ignored").detail == "")
    }
}
