import Foundation
import Identifiers
import LoadGenerator
import SagaClient
import Synchronization

/// The open-loop part of a run: sends the schedule's commands on time,
/// whatever the answers do; prints a progress line a second to standard
/// error; then waits for the sagas to end, at most `drainTimeout` after the
/// last command, and `settle` longer for answers given twice.
struct LoadDriver {
    let bus: SagaBus
    let schedule: PacingSchedule
    let drainTimeout: Duration
    let settle: Duration
    /// Whether a message ends the saga its correlation id names.
    let endsSaga: @Sendable (ObservedMessage) -> Bool

    /// What a run sent and saw, with times from its start.
    struct Record {
        var commands: [SentCommand]
        var observed: [Observed]
        var sendingTook: Duration
    }

    /// What the sender has done so far.
    private struct Sending {
        var commands: [SentCommand] = []
        var ids = Set<Identifier>()
        var took: Duration?
        var failure: (any Error)?
    }

    /// Runs from `start`; `send` publishes command `index` and returns its id
    /// and target. Messages that arrived before the call are not the run's.
    func run(
        start: ContinuousClock.Instant, send: @escaping @Sendable (Int) async throws -> (id: Identifier, target: Identifier)
    ) async throws -> Record {
        let sending = Mutex(Sending())
        let schedule = schedule
        let sender = Task {
            do {
                for index in 0..<schedule.count {
                    let due = schedule.due(index)
                    if start + due > .now { try await Task.sleep(until: start + due) }
                    let at = ContinuousClock.now - start
                    let (id, target) = try await send(index)
                    sending.withLock {
                        $0.commands.append(SentCommand(id: id, target: target, due: due, sent: at))
                        $0.ids.insert(id)
                    }
                }
                sending.withLock { $0.took = ContinuousClock.now - start }
            } catch {
                sending.withLock { $0.failure = error }
            }
        }
        defer { sender.cancel() }

        var meter = ProgressMeter()
        var observed: [Observed] = []
        var ended = Set<Identifier>()
        var scanned = bus.count
        var nextLine = start + .seconds(1)
        func scan() {
            let fresh = bus.messages(from: scanned)
            scanned += fresh.count
            for message in fresh {
                guard let seen = Observed(routingKey: message.routingKey, envelope: message.envelope, at: message.at - start)
                else { continue }
                observed.append(seen)
                if endsSaga(seen.message) { ended.insert(seen.correlationId) }
            }
        }
        while true {
            try await Task.sleep(for: .milliseconds(100))
            scan()
            let (sent, answered, took, failure) = sending.withLock { state in
                (state.commands.count, ended.filter(state.ids.contains).count, state.took, state.failure)
            }
            if let failure = failure ?? bus.failure { throw failure }
            let now = ContinuousClock.now
            let done = took.map { answered == sent || now >= start + $0 + drainTimeout } ?? false
            if now >= nextLine || done {
                FileHandle.standardError.write(Data((meter.line(elapsed: now - start, sent: sent, answered: answered) + "\n").utf8))
                nextLine = now + .seconds(1)
            }
            if done { break }
        }
        // Not a synchronisation: a window in which an answer given twice would still show.
        try await Task.sleep(for: settle)
        scan()
        return sending.withLock { Record(commands: $0.commands, observed: observed, sendingTook: $0.took ?? .zero) }
    }
}
