import Operations
import Testing

/// What `batbern status` calls a problem, and the exit status that follows.
@Suite struct StatusReportTests {
    static func healthy(_ worker: String) -> WorkerStatus {
        var row = WorkerStatus(worker: worker)
        row.readiness = .ready
        row.consumers = 2
        row.queueDepth = 0
        row.retries = [0, 0, 0]
        row.parked = 0
        row.outboxUnsent = 0
        row.outboxOldest = 0
        row.timersDue = 0
        row.timersLate = 0
        return row
    }

    @Test func aHealthyRowHasNoProblems() {
        let report = StatusReport(rows: [Self.healthy("companies"), Self.healthy("events")])
        #expect(!report.needsAttention)
        #expect(report.text.hasSuffix("\nall well"))
    }

    @Test func eachKindOfTroubleIsNamed() {
        var down = Self.healthy("partners")
        down.readiness = .down
        down.consumers = 0
        var parked = Self.healthy("speakers")
        parked.parked = 3
        parked.retries = [4, 0, 1]
        var lagging = Self.healthy("events")
        lagging.outboxUnsent = 12
        lagging.outboxOldest = 7.5
        lagging.timersDue = 2
        lagging.timersLate = 61
        var blind = Self.healthy("attendees")
        blind.readiness = .notReady
        blind.outboxUnsent = nil
        blind.outboxOldest = nil
        blind.timersDue = nil
        blind.unreadable = ["the database (SQLSTATE 28P01)"]

        #expect(down.problems() == ["down", "no consumer on its queue"])
        #expect(parked.problems() == ["3 parked"], "retries alone are not trouble")
        #expect(lagging.problems() == ["outbox oldest unsent 7s old", "2 timer(s) due, the earliest 1m ago"])
        #expect(blind.problems() == ["not ready", "cannot read the database (SQLSTATE 28P01)"])

        let report = StatusReport(rows: [Self.healthy("companies"), down, lagging, parked, blind])
        #expect(report.needsAttention)
        let lines = report.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 5 + 4)
        #expect(
            lines.suffix(4) == [
                "attention: partners: down, no consumer on its queue",
                "attention: events: outbox oldest unsent 7s old, 2 timer(s) due, the earliest 1m ago",
                "attention: speakers: 3 parked",
                "attention: attendees: not ready, cannot read the database (SQLSTATE 28P01)",
            ])
        #expect(lines.contains { $0.hasPrefix("speakers ") && $0.contains("4/0/1") })
        #expect(lines.contains { $0.hasPrefix("attendees ") && $0.contains(" ? ") }, "what could not be read shows as ?")
    }

    @Test func conflictsSinceTheStartAreAColumnNotAProblem() {
        var busy = Self.healthy("attendees")
        let page = PrometheusText(
            """
            batbern_transaction_conflicts_total{worker="attendees",kind="deadlock"} 12
            batbern_transaction_conflicts_total{worker="attendees",kind="serialization"} 3
            """)
        busy.metrics = MetricsWindow(before: page, after: page, seconds: 1, worker: "attendees")
        let lines = StatusReport(rows: [busy, Self.healthy("events")]).text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("  CONFLICTS"))
        #expect(lines[1].hasPrefix("attendees ") && lines[1].hasSuffix(" 15"))
        #expect(lines[2].hasPrefix("events ") && lines[2].hasSuffix(" ?"), "no scrape, no figure")
        #expect(busy.problems().isEmpty, "conflicts the kernel absorbed are no trouble by themselves")
    }

    @Test func theOutboxAgeLimitIsAThreshold() {
        var row = Self.healthy("events")
        row.outboxOldest = 4.9
        #expect(row.problems().isEmpty)
        var strict = WorkerStatus.Thresholds()
        strict.outboxOldest = 1
        #expect(row.problems(strict) == ["outbox oldest unsent 4s old"])
    }

    @Test func aTimerJustDueIsNotLateYet() {
        var row = Self.healthy("speakers")
        row.timersDue = 3
        row.timersLate = 0.8
        #expect(row.problems().isEmpty, "the scheduler's next poll takes it")
        row.timersLate = 5.5
        #expect(row.problems() == ["3 timer(s) due, the earliest 5s ago"])
    }
}
