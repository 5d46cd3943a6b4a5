import AMQP
import Retry
import Testing

/// The failover policy without a broker: which node a connect round tries
/// first, how a lost node passes the turn on, and the pause between rounds.
@Suite struct AddressRotationTests {
    @Test func aRoundStartsOnThePreferredNodeAndWrapsAround() {
        #expect(AddressRotation(count: 3).order == [0, 1, 2])
        #expect(AddressRotation(count: 3, preferred: 2).order == [2, 0, 1])
        #expect(AddressRotation(count: 1).order == [0])
        #expect(AddressRotation(count: 3, preferred: 4).order == [1, 2, 0], "taken modulo the count")
    }

    @Test func aLostNodePassesTheTurnToTheNextAndAWorkingOneKeepsIt() {
        var rotation = AddressRotation(count: 3)
        rotation.lost(0)
        #expect(rotation.order == [1, 2, 0], "the next round starts after the lost node")
        rotation.connected(to: 1)
        #expect(rotation.preferred == 1)
        rotation.lost(0)
        #expect(rotation.preferred == 1, "a stale loss of a node left behind changes nothing")
        rotation.lost(1)
        rotation.lost(2)
        #expect(rotation.preferred == 0, "every node lost in turn comes back to the first")
    }

    @Test func aRoundOfFailuresVisitsEveryNodeOnceThenStartsWhereItWouldTryNext() {
        var rotation = AddressRotation(count: 3, preferred: 1)
        var tried: [Int] = []
        for index in rotation.order {
            tried.append(index)
            rotation.lost(index)
        }
        #expect(tried == [1, 2, 0])
        #expect(rotation.preferred == 1, "the next round starts again on the node first tried")
    }

    @Test func roundsArePacedByTheReconnectBackoffUpToItsCap() {
        // The workers' reconnect backoff (ConsumerService, OutboxRelay,
        // TimerScheduler) between rounds, without jitter to be compared.
        let backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5), jitter: false)
        let milliseconds = (0..<7).map { (backoff.delay(attempt: $0).seconds * 1000).rounded() }
        #expect(milliseconds == [200, 400, 800, 1600, 3200, 5000, 5000])
        let jittered = Backoff(initial: .milliseconds(200), maximum: .seconds(5))
        #expect((0..<50).allSatisfy { _ in jittered.delay(attempt: 10) <= .seconds(5) })
    }
}
