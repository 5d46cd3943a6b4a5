import Messaging
import Testing

/// Liveness: a part that holds work past the stall timeout without progress is stalled; idle or progressing parts are not.
@Suite struct WorkerHealthTests {
    let start = ContinuousClock.now

    @Test func workHeldPastTheStallTimeoutWithoutProgressIsAStall() {
        let health = WorkerHealth()
        health.working(.relay, at: start)
        #expect(health.isLive(stallTimeout: .seconds(10), now: start + .seconds(9)))
        #expect(health.stalled(after: .seconds(10), now: start + .seconds(11)) == [.relay])
        #expect(health.liveReport(stallTimeout: .seconds(10), now: start + .seconds(11)).contains("relay: stalled"))
    }

    @Test func progressOrIdlenessClearsTheClock() {
        let health = WorkerHealth()
        health.working(.consumer, at: start)
        health.progressed(.consumer)
        #expect(health.isLive(stallTimeout: .seconds(10), now: start + .seconds(60)))
        health.working(.scheduler, at: start)
        health.idle(.scheduler)
        #expect(health.isLive(stallTimeout: .seconds(10), now: start + .seconds(60)))
    }

    @Test func workingAgainKeepsTheEarliestMoment() {
        let health = WorkerHealth()
        health.working(.consumer, at: start)
        health.working(.consumer, at: start + .seconds(8))
        #expect(!health.isLive(stallTimeout: .seconds(10), now: start + .seconds(11)))
    }
}
