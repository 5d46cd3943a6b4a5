import LoadGenerator
import Testing

@Suite struct LatencyBookTests {
    @Test func percentilesOfOneToAHundredMilliseconds() throws {
        var book = LatencyBook(steps: ["a", "b"])
        for ms in 1...100 { book.record("a", .milliseconds(ms)) }
        let a = try #require(book.summary.first)
        #expect(a.step == "a" && a.count == 100)
        // Three significant digits: within 0.1 %.
        #expect(abs(a.p50 - 50) <= 0.05)
        #expect(abs(a.p90 - 90) <= 0.09)
        #expect(abs(a.p99 - 99) <= 0.1)
        #expect(abs(a.max - 100) <= 0.1)
    }

    @Test func stepsKeepTheirOrderAndAnEmptyOneReportsZero() {
        var book = LatencyBook(steps: ["first", "second"])
        book.record("second", .microseconds(1500))
        #expect(book.summary.map(\.step) == ["first", "second"])
        #expect(book.summary[0] == StepLatency(step: "first", count: 0, p50: 0, p90: 0, p99: 0, max: 0))
        #expect(book.summary[1].count == 1 && abs(book.summary[1].max - 1.5) <= 0.002)
    }

    @Test func unknownStepsAreIgnoredAndNegativeLatenciesCountAsZero() {
        var book = LatencyBook(steps: ["a"])
        book.record("elsewhere", .seconds(1))
        book.record("a", .milliseconds(-3))
        #expect(book.summary == [StepLatency(step: "a", count: 1, p50: 0, p90: 0, p99: 0, max: 0)])
    }

    @Test func aLatencyOverAnHourCountsAsAnHour() {
        var book = LatencyBook(steps: ["a"])
        book.record("a", .seconds(7200))
        #expect(book.summary[0].count == 1)
        #expect(abs(book.summary[0].max - 3_600_000) <= 3_600)
    }
}
