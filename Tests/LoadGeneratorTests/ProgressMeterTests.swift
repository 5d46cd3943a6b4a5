import LoadGenerator
import Testing

@Suite struct ProgressMeterTests {
    @Test func ratesAreOverTheLastInterval() {
        var meter = ProgressMeter()
        #expect(
            meter.line(elapsed: .seconds(1), sent: 200, answered: 150)
                == "   1.0 s  sent 200 (200/s)  answered 150 (150/s)  in flight 50")
        #expect(
            meter.line(elapsed: .milliseconds(1500), sent: 300, answered: 300)
                == "   1.5 s  sent 300 (200/s)  answered 300 (300/s)  in flight 0")
    }
}
