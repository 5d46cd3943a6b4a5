import Foundation
public import Logging
import UnixSignals

/// Runs children as separate processes and keeps them running: what
/// `batbern run` does with one `batbern worker <context>` per context, so
/// that one context's crash costs only that context a restart.
///
/// SIGTERM or SIGINT is forwarded to every child; the supervisor returns once
/// all of them have exited, killing those still there after the stop
/// deadline. A child that exits on its own is restarted with a growing
/// delay (`Supervision` has the rules).
public struct Supervisor: Sendable {
    public struct Child: Sendable {
        /// Names the child in the logs.
        public var name: String
        public var arguments: [String]
        /// The child's whole environment.
        public var environment: [String: String]

        public init(name: String, arguments: [String], environment: [String: String]) {
            self.name = name
            self.arguments = arguments
            self.environment = environment
        }
    }

    public var children: [Child]
    public var configuration: Supervision.Configuration
    /// The program the children run. Default: this process's own binary.
    public var executable = "/proc/self/exe"
    /// How often exits, restarts and the stop deadline are checked. Default 100 ms.
    public var checkInterval: Duration = .milliseconds(100)
    private let logger: Logger

    public init(children: [Child], configuration: Supervision.Configuration = .init(), logger: Logger) {
        self.children = children
        self.configuration = configuration
        self.logger = logger
    }

    private enum Event: Sendable {
        case stopSignal(Int32)
        case check
    }

    /// Runs until stopped; returns the exit status for the process
    /// (`Supervision.exitStatus`).
    public func run() async -> Int32 {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let (events, sink) = AsyncStream<Event>.makeStream()
        let signalTask = Task {
            for await signal in signals { sink.yield(.stopSignal(signal.rawValue)) }
        }
        let interval = checkInterval
        let checkTask = Task {
            while (try? await Task.sleep(for: interval)) != nil { sink.yield(.check) }
        }
        defer {
            signalTask.cancel()
            checkTask.cancel()
        }

        var state = Supervision(children: children.map(\.name), configuration: configuration, now: .now)
        perform(state.due(at: .now), on: &state)
        for await event in events {
            let now = ContinuousClock.now
            switch event {
            case .stopSignal(let signal):
                if state.isStopping {
                    logger.notice("already stopping; children are killed at the deadline", metadata: ["signal": "\(signal)"])
                } else {
                    logger.notice(
                        "stopping every child",
                        metadata: [
                            "signal": "\(signal)", "deadline": "\(configuration.stopDeadline)",
                        ])
                }
                perform(state.stop(signal: signal, at: now), on: &state)
            case .check:
                for (name, pid) in state.running {
                    guard let exit = ChildProcess.reap(pid),
                        let (_, outcome) = state.exited(pid: pid, exit, at: now)
                    else { continue }
                    report(name, pid: pid, exit: exit, outcome: outcome)
                    if outcome == .fatal { perform(state.stop(signal: SIGTERM, at: now), on: &state) }
                }
                perform(state.due(at: now), on: &state)
            }
            if state.isFinished { break }
        }
        logger.info("every child stopped", metadata: ["status": "\(state.exitStatus)"])
        return state.exitStatus
    }

    private func perform(_ actions: [Supervision.Action], on state: inout Supervision) {
        for action in actions {
            switch action {
            case .start(let name):
                guard let child = children.first(where: { $0.name == name }) else { continue }
                do {
                    let pid = try ChildProcess.spawn(
                        executable, name0: "batbern", arguments: child.arguments, environment: child.environment
                    )
                    logger.info("started child", metadata: ["child": "\(name)", "pid": "\(pid)"])
                    perform(state.started(name, pid: pid, at: .now), on: &state)
                } catch {
                    let outcome = state.failedToStart(name, at: .now)
                    logger.error("could not start child", metadata: ["child": "\(name)", "error": "\(error)", "outcome": "\(outcome)"])
                }
            case .signal(let name, let pid, let signal):
                logger.info("stopping child", metadata: ["child": "\(name)", "pid": "\(pid)", "signal": "\(signal)"])
                ChildProcess.signal(pid, signal)
            case .kill(let name, let pid):
                logger.error("child outlived the stop deadline; killing it", metadata: ["child": "\(name)", "pid": "\(pid)"])
                ChildProcess.signal(pid, SIGKILL)
            }
        }
    }

    private func report(_ name: String, pid: Int32, exit: ProcessExit, outcome: Supervision.Outcome) {
        let metadata: Logger.Metadata = ["child": "\(name)", "pid": "\(pid)", "exit": "\(exit)"]
        switch outcome {
        case .stopped:
            logger.info("child stopped", metadata: metadata)
        case .restart(let delay):
            logger.error("child exited unexpectedly; restarting it", metadata: metadata.merging(["restart_in": "\(delay)"]) { $1 })
        case .fatal:
            logger.critical("child cannot run (bad flags or settings); stopping every child", metadata: metadata)
        }
    }
}
