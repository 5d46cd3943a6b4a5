import Foundation
import Synchronization

/// A serial executor backed by one dedicated thread.
///
/// libpq calls block; an actor that uses this executor runs them on its own
/// thread, never on Swift's cooperative pool, and runs them one at a time,
/// which is exactly the single-owner discipline a libpq connection needs.
final class ThreadExecutor: SerialExecutor, Sendable {
    private struct State: ~Copyable {
        var jobs: [UnownedJob] = []
        var stopped = false
    }

    private let state = Mutex(State())
    private let condition = NSCondition()
    private let threadID = Mutex<pthread_t?>(nil)

    init(name: String) {
        let thread = Thread { [self] in
            threadID.withLock { $0 = pthread_self() }
            runLoop()
        }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        state.withLock { $0.jobs.append(job) }
        condition.signal()
        condition.unlock()
    }

    /// Ends the thread after the jobs already queued have run.
    func stop() {
        condition.lock()
        state.withLock { $0.stopped = true }
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    func checkIsolated() {
        guard let owner = threadID.withLock({ $0 }), pthread_equal(owner, pthread_self()) != 0 else {
            fatalError("not on the executor's thread")
        }
    }

    private func runLoop() {
        while true {
            condition.lock()
            var batch: [UnownedJob] = []
            var stopped = false
            while true {
                (batch, stopped) = state.withLock { state in
                    let jobs = state.jobs
                    state.jobs = []
                    return (jobs, state.stopped)
                }
                if !batch.isEmpty || stopped { break }
                condition.wait()
            }
            condition.unlock()
            for job in batch { job.runSynchronously(on: asUnownedSerialExecutor()) }
            if stopped && batch.isEmpty { return }
        }
    }
}
