import Logging
import Postgres
import Synchronization

/// Wake-ups from PostgreSQL NOTIFY and from the worker's stop, for a loop
/// that otherwise sleeps (the relay, the erasure sweeper): it listens before
/// the loop's first look, so no commit goes unnoticed, and says when its
/// listener broke (NOTIFY would no longer wake the loop).
final class NotifyWakeups: Sendable {
    let wakeup: Wakeup
    private let listener: PostgresListener
    private let failed = Atomic<Bool>(false)
    private let forwarder = Mutex<Task<Void, Never>?>(nil)
    private let stop: StopSignal
    private let stopRegistration = Mutex<Int?>(nil)

    private init(listener: PostgresListener, stop: StopSignal, wakeup: Wakeup) {
        self.wakeup = wakeup
        self.listener = listener
        self.stop = stop
    }

    static func listen(
        _ configuration: PostgresConnection.Configuration, channel: String, stop: StopSignal, wakeup: Wakeup = Wakeup(), logger: Logger
    ) async throws -> NotifyWakeups {
        let listener = try await PostgresListener.listen(configuration, channels: [channel], logger: logger)
        let wakeups = NotifyWakeups(listener: listener, stop: stop, wakeup: wakeup)
        wakeups.start()
        return wakeups
    }

    private func start() {
        let listener = listener
        let registration = stop.onStop { [weak self] in self?.wakeup.signal() }
        stopRegistration.withLock { $0 = registration }
        forwarder.withLock {
            $0 = Task { [weak self] in
                do {
                    for try await _ in listener.notifications { self?.wakeup.signal() }
                } catch {
                    self?.failed.store(true, ordering: .releasing)
                    self?.wakeup.signal()
                }
            }
        }
    }

    /// False once the listener lost its connection.
    var isListening: Bool { !failed.load(ordering: .acquiring) }

    /// Throws when the listener lost its connection.
    func check() throws {
        guard isListening else { throw PostgresError(.connectionLost, "the NOTIFY listener lost its connection") }
    }

    func close() {
        if let registration = stopRegistration.withLock({ $0 }) { stop.forget(registration) }
        listener.stop()
        forwarder.withLock { $0?.cancel() }
    }
}
