public import Retry

/// The rules of `batbern run`'s supervisor: when to start, restart, signal or
/// kill which child, and when (and how) the supervisor itself is done.
///
/// Pure: it is told what happened and when, and answers with what to do, so
/// the rules are tested without processes or clocks (`Supervisor` is the
/// shell that spawns, reaps and signals).
public struct Supervision: Sendable {
    public typealias Instant = ContinuousClock.Instant

    public struct Configuration: Sendable {
        /// Delay before restarting a child that exited unexpectedly: 1 s
        /// after the first exit, doubling with each exit in a row, at most 30 s.
        public var restartBackoff = Backoff(initial: .seconds(1), maximum: .seconds(30), jitter: false)
        /// A child that ran at least this long before it exited counts as
        /// healthy again: its next restart waits the first delay. Default 60 s.
        public var resetAfter: Duration = .seconds(60)
        /// How long children may take to stop once told to, before they are
        /// killed. Default 30 s: their own deadline (25 s) and 5 s to spare.
        public var stopDeadline: Duration = .seconds(30)
        /// Exit statuses no restart can cure: a child exiting with one stops
        /// every child, and the supervisor exits with that status. Default 64
        /// (EX_USAGE: bad flags or settings) and 78 (EX_CONFIG).
        public var permanentExitStatuses: Set<Int32> = [64, 78]

        public init() {}
    }

    public enum Action: Sendable, Hashable {
        /// Spawn the child, then report `started` or `failedToStart`.
        case start(String)
        /// Send the child the stop signal.
        case signal(String, pid: Int32, signal: Int32)
        /// SIGKILL the child: it outlived the stop deadline.
        case kill(String, pid: Int32)
    }

    /// What becomes of a child that exited.
    public enum Outcome: Sendable, Hashable {
        case restart(after: Duration)
        /// It was told to stop, or everything is stopping.
        case stopped
        /// Restarting cannot help (see `permanentExitStatuses`): everything stops.
        case fatal
    }

    private enum Phase: Sendable {
        case waiting(until: Instant)
        case starting
        case running(pid: Int32, since: Instant, killed: Bool)
        case stopped(ProcessExit?)
    }

    private struct Child: Sendable {
        let name: String
        var phase: Phase
        var exitsInARow = 0
    }

    public let configuration: Configuration
    private var children: [Child]
    private var stop: (signal: Int32, since: Instant)?
    private var fatalExit: ProcessExit?

    /// Every child waits to be started at `now`.
    public init(children names: [String], configuration: Configuration = Configuration(), now: Instant) {
        self.configuration = configuration
        children = names.map { Child(name: $0, phase: .waiting(until: now)) }
    }

    /// Children with a process, to be watched for their exit.
    public var running: [(name: String, pid: Int32)] {
        children.compactMap { child in
            guard case .running(let pid, _, _) = child.phase else { return nil }
            return (child.name, pid)
        }
    }

    public var isStopping: Bool { stop != nil }

    /// Stopping, and no child has a process left.
    public var isFinished: Bool {
        stop != nil
            && children.allSatisfy { child in
                if case .stopped = child.phase { return true }
                return false
            }
    }

    /// The supervisor's exit status once finished: the fatal child's status,
    /// else 0 when every child that was running stopped cleanly, else 1.
    public var exitStatus: Int32 {
        if case .exited(let status)? = fatalExit { return status }
        let clean = children.allSatisfy { child in
            if case .stopped(let exit) = child.phase { return exit?.isSuccess ?? true }
            return false
        }
        return clean ? 0 : 1
    }

    /// What is due at `now`: starts of children whose wait is over, or, when
    /// stopping past the deadline, kills.
    public mutating func due(at now: Instant) -> [Action] {
        var actions: [Action] = []
        for index in children.indices {
            switch children[index].phase {
            case .waiting(let until) where stop == nil && until <= now:
                children[index].phase = .starting
                actions.append(.start(children[index].name))
            case .running(let pid, let since, false):
                if let stop, now >= stop.since + configuration.stopDeadline {
                    children[index].phase = .running(pid: pid, since: since, killed: true)
                    actions.append(.kill(children[index].name, pid: pid))
                }
            default:
                break
            }
        }
        return actions
    }

    /// The child's process exists. When a stop came meanwhile it is told at once.
    public mutating func started(_ name: String, pid: Int32, at now: Instant) -> [Action] {
        guard let index = children.firstIndex(where: { $0.name == name }) else { return [] }
        children[index].phase = .running(pid: pid, since: now, killed: false)
        guard let stop else { return [] }
        return [.signal(name, pid: pid, signal: stop.signal)]
    }

    /// Spawning failed: it counts as an exit right after the start.
    public mutating func failedToStart(_ name: String, at now: Instant) -> Outcome {
        guard let index = children.firstIndex(where: { $0.name == name }) else { return .stopped }
        return ended(index, ranFor: .zero, exit: nil, at: now)
    }

    /// A child's process ended; nil when `pid` is none of the children's.
    public mutating func exited(pid: Int32, _ exit: ProcessExit, at now: Instant) -> (name: String, outcome: Outcome)? {
        guard
            let index = children.firstIndex(where: { child in
                if case .running(pid, _, _) = child.phase { return true }
                return false
            }), case .running(_, let since, _) = children[index].phase
        else { return nil }
        return (children[index].name, ended(index, ranFor: now - since, exit: exit, at: now))
    }

    private mutating func ended(_ index: Int, ranFor: Duration, exit: ProcessExit?, at now: Instant) -> Outcome {
        if stop != nil {
            children[index].phase = .stopped(exit)
            return .stopped
        }
        if case .exited(let status) = exit, configuration.permanentExitStatuses.contains(status) {
            children[index].phase = .stopped(exit)
            fatalExit = exit
            return .fatal
        }
        if ranFor >= configuration.resetAfter { children[index].exitsInARow = 0 }
        let delay = configuration.restartBackoff.delay(attempt: children[index].exitsInARow)
        children[index].exitsInARow += 1
        children[index].phase = .waiting(until: now + delay)
        return .restart(after: delay)
    }

    /// Stop everything: running children get `signal`, waiting ones are not
    /// started again. A second call changes nothing.
    public mutating func stop(signal: Int32, at now: Instant) -> [Action] {
        guard stop == nil else { return [] }
        stop = (signal, now)
        var actions: [Action] = []
        for index in children.indices {
            switch children[index].phase {
            case .waiting:
                children[index].phase = .stopped(nil)
            case .running(let pid, _, _):
                actions.append(.signal(children[index].name, pid: pid, signal: signal))
            case .starting, .stopped:
                break
            }
        }
        return actions
    }
}
