import TestSupport
import Testing

@testable import AMQP

/// Waiting for a confirm that does not come: a broker blocked by a resource
/// alarm confirms nothing, and a relay must not wait for it forever.
@Suite struct PublishConfirmTests {
    /// Only bounds a hang: the full test run on two cores has been seen to
    /// hold Swift's cooperative pool (two threads) for over ten seconds, and
    /// these waits need the pool to be woken.
    static let limit: Duration = .seconds(60)

    @Test func aWaitWithATimeoutGivesUpWithTimeout() async throws {
        let confirm = PublishConfirm()
        let started = ContinuousClock.now
        let outcome = try await withTimeLimit(Self.limit, "the wait to give up") {
            do {
                try await confirm.wait(timeout: .milliseconds(300))
                return "confirmed"
            } catch let error as AMQPError {
                return error.code.name
            }
        }
        #expect(outcome == AMQPError.Code.timeout.name)
        #expect(ContinuousClock.now - started >= .milliseconds(300))
    }

    @Test func aConfirmInTimeIsNotATimeout() async throws {
        let confirm = PublishConfirm()
        let waiter = Task { try await confirm.wait(timeout: .seconds(60)) }
        confirm.complete(.success(()))
        try await withTimeLimit(Self.limit, "the confirmed wait to return") { try await waiter.value }
    }

    @Test func aCancelledWaitEndsAndOthersStillGetTheConfirm() async throws {
        let confirm = PublishConfirm()
        let cancelled = Task { try await confirm.wait() }
        let patient = Task { try await confirm.wait() }
        cancelled.cancel()
        let outcome = try await withTimeLimit(Self.limit, "the cancelled wait to end") { await cancelled.result }
        #expect(throws: CancellationError.self) { try outcome.get() }
        confirm.complete(.success(()))
        try await withTimeLimit(Self.limit, "the other waiter to see the confirm") { try await patient.value }
    }
}
