import CRabbitMQ
import CRabbitMQShim
import Foundation
import Glibc
import Logging
import Synchronization

/// The one thread that owns a librabbitmq connection.
///
/// librabbitmq is neither thread-safe nor non-blocking, so nothing but this
/// thread ever touches the connection: callers submit jobs, the thread runs
/// them between reads, and answers come back through continuations. Between
/// jobs it reads frames, which also keeps heartbeats flowing whatever the
/// callers are doing. None of this runs on Swift's cooperative pool.
final class ConnectionLoop: Sendable {
    struct Job {
        let run: @Sendable (LoopState) -> Void
        let fail: @Sendable (AMQPError) -> Void
    }

    private struct Queue: ~Copyable {
        var jobs: [Job] = []
        /// Set when the loop has ended; later jobs fail at once with it.
        var ended: AMQPError?
        var endWaiters: [CheckedContinuation<AMQPError, Never>] = []
    }

    private let queue = Mutex(Queue())
    /// Self-pipe: a write to `wakeWriteFD` makes the thread's poll return.
    private let wakeReadFD: Int32
    private let wakeWriteFD: Int32
    let logger: Logger
    let name: String

    private init(wakeFDs: (read: Int32, write: Int32), logger: Logger, name: String) {
        self.wakeReadFD = wakeFDs.read
        self.wakeWriteFD = wakeFDs.write
        self.logger = logger
        self.name = name
    }

    deinit {
        close(wakeReadFD)
        close(wakeWriteFD)
    }

    /// Connects on a new thread and returns once the AMQP handshake is done.
    static func open(_ configuration: AMQPConnection.Configuration, logger: Logger) async throws -> ConnectionLoop {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw AMQPError(.connectFailed, "pipe failed: errno \(errno)")
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        let loop = ConnectionLoop(wakeFDs: (fds[0], fds[1]), logger: logger, name: configuration.connectionName)
        let opened = OnceContinuation<ConnectionLoop>()
        return try await opened.wait {
            let thread = Thread {
                let state: LoopState
                do {
                    state = try LoopState.connect(configuration, logger: logger)
                } catch {
                    loop.end(with: error as? AMQPError ?? AMQPError(.connectFailed, "\(error)"))
                    opened.resume(.failure(error))
                    return
                }
                guard opened.resume(.success(loop)) else {
                    // The caller was cancelled while this connected: nobody will use it.
                    let cancelled = AMQPError(.alreadyClosed, "connecting was cancelled")
                    state.teardown(cancelled)
                    loop.end(with: cancelled)
                    return
                }
                loop.run(state)
            }
            thread.name = "amqp:\(configuration.connectionName)"
            thread.start()
        }
    }

    /// Runs `body` on the connection thread; `body` must eventually call the
    /// completion exactly once. A cancelled caller stops waiting at once with
    /// `CancellationError`; what `body` started still completes, unobserved.
    func perform<T: Sendable>(
        _ body: @escaping @Sendable (LoopState, @escaping (Result<T, AMQPError>) -> Void) -> Void
    ) async throws -> T {
        let answer = OnceContinuation<T>()
        return try await answer.wait {
            submit(
                Job(
                    run: { state in body(state) { answer.resume($0.mapError { $0 }) } },
                    fail: { answer.resume(.failure($0)) }
                ))
        }
    }

    func submit(_ job: Job) {
        let (accepted, ended) = queue.withLock { queue -> (Bool, AMQPError?) in
            if let ended = queue.ended { return (false, ended) }
            queue.jobs.append(job)
            return (queue.jobs.count == 1, nil)
        }
        if let ended {
            job.fail(AMQPError(.alreadyClosed, "the connection is closed: \(ended.message)", replyCode: ended.replyCode))
            return
        }
        if accepted { wake() }
    }

    /// Waits until the connection has ended and returns why.
    func waitUntilEnded() async -> AMQPError {
        await withCheckedContinuation { (continuation: CheckedContinuation<AMQPError, Never>) in
            let ended = queue.withLock { queue -> AMQPError? in
                if let ended = queue.ended { return ended }
                queue.endWaiters.append(continuation)
                return nil
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }

    var endedError: AMQPError? { queue.withLock { $0.ended } }

    private func wake() {
        var one: UInt8 = 1
        _ = Glibc.write(wakeWriteFD, &one, 1)
    }

    private func takeJobs() -> [Job] {
        queue.withLock { queue in
            let jobs = queue.jobs
            queue.jobs = []
            return jobs
        }
    }

    private var hasJobs: Bool { queue.withLock { !$0.jobs.isEmpty } }

    private func end(with error: AMQPError) {
        let (jobs, waiters) = queue.withLock { queue -> ([Job], [CheckedContinuation<AMQPError, Never>]) in
            queue.ended = queue.ended ?? error
            let jobs = queue.jobs
            let waiters = queue.endWaiters
            queue.jobs = []
            queue.endWaiters = []
            return (jobs, waiters)
        }
        let closed = AMQPError(.alreadyClosed, "the connection is closed: \(error.message)", replyCode: error.replyCode)
        for job in jobs { job.fail(closed) }
        for waiter in waiters { waiter.resume(returning: error) }
    }

    // MARK: the thread

    private func run(_ state: LoopState) {
        let pollInterval = state.pollIntervalMilliseconds
        while state.failure == nil {
            state.checkDeadlines()
            if state.failure != nil { break }
            let jobs = takeJobs()
            if !jobs.isEmpty {
                state.cork()
                for job in jobs {
                    job.run(state)
                    if state.failure != nil { break }
                }
                state.uncork()
            }
            if state.failure != nil { break }
            state.readAvailableFrames(interruptIf: { self.hasJobs })
            if state.failure != nil { break }
            state.releaseBuffers()
            if hasJobs { continue }
            waitForActivity(socket: state.socketFD, timeoutMilliseconds: pollInterval)
        }
        let error = state.failure ?? AMQPError(.connectionLost, "connection loop ended")
        state.teardown(error)
        end(with: error)
        if error.code == .alreadyClosed {
            logger.debug("AMQP connection closed", metadata: ["amqp_connection": "\(name)"])
        } else {
            logger.debug("AMQP connection ended", metadata: ["amqp_connection": "\(name)", "amqp_error": "\(error)"])
        }
    }

    private func waitForActivity(socket: Int32, timeoutMilliseconds: Int32) {
        var fds = [
            pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&fds, 2, timeoutMilliseconds)
        if ready > 0 && fds[1].revents != 0 {
            var drain = [UInt8](repeating: 0, count: 64)
            while Glibc.read(wakeReadFD, &drain, drain.count) > 0 {}
        }
    }
}
