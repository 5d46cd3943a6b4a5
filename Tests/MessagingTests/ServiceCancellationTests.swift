import TestSupport
import Testing

@testable import Messaging

/// What the shutdown deadline relies on: once the service group cancels a
/// service, its waits end at once instead of running their course.
@Suite struct ServiceCancellationTests {
    /// Only bounds a hang: the full test run on two cores has been seen to
    /// hold Swift's cooperative pool (two threads) for over ten seconds, and
    /// these waits need the pool to be woken.
    static let limit: Duration = .seconds(60)

    @Test func aStopSignalSleepEndsWhenItsTaskIsCancelled() async throws {
        let stop = StopSignal()
        let sleeper = Task { await stop.sleep(.seconds(120)) }
        sleeper.cancel()
        try await withTimeLimit(Self.limit, "a cancelled sleep to end") { await sleeper.value }
    }

    @Test func aCancelledTaskCountsAsStopped() async throws {
        let stop = StopSignal()
        let seen = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return stop.isStopped
        }
        #expect(await seen.value, "loops that run while not stopped end on cancellation")
        #expect(!stop.isStopped, "other tasks carry on")
    }

    @Test func aWakeupWaitEndsWhenItsTaskIsCancelled() async throws {
        let wakeup = Wakeup()
        let waiter = Task { await wakeup.wait(upTo: .seconds(120)) }
        waiter.cancel()
        try await withTimeLimit(Self.limit, "a cancelled wait to end") { await waiter.value }
    }

    @Test func aCancelledWaitLeavesTheSignalForTheNextWaiter() async throws {
        let wakeup = Wakeup()
        wakeup.signal()
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await wakeup.wait(upTo: .seconds(120))
        }
        await cancelled.value
        try await withTimeLimit(Self.limit, "the next wait to see the signal") { await wakeup.wait(upTo: .seconds(120)) }
    }
}
