import Foundation
import Testing
import WorkerHost

/// `batbern run`'s rules, without processes: restarts with a growing, capped
/// delay; a stop forwarded once, kills at the deadline, and the exit status.
@Suite struct SupervisionTests {
    let t0 = ContinuousClock.now

    func running(_ names: [String] = ["companies", "events"]) -> Supervision {
        var state = Supervision(children: names, now: t0)
        #expect(state.due(at: t0) == names.map { .start($0) })
        for (index, name) in names.enumerated() {
            #expect(state.started(name, pid: Int32(100 + index), at: t0) == [])
        }
        return state
    }

    @Test func everyChildStartsAtOnceAndOnlyOnce() {
        var state = running()
        #expect(state.due(at: t0 + .seconds(5)) == [])
        #expect(state.running.map(\.pid) == [100, 101])
    }

    @Test func aChildThatExitsIsRestartedAfterAGrowingCappedDelay() {
        var state = running()
        var now = t0 + .seconds(1)
        var pid: Int32 = 100
        var delays: [Duration] = []
        for _ in 0..<7 {
            guard let (name, outcome) = state.exited(pid: pid, .signalled(SIGKILL), at: now),
                case .restart(let delay) = outcome
            else {
                Issue.record("not restarted")
                return
            }
            #expect(name == "companies")
            delays.append(delay)
            #expect(state.due(at: now + delay - .milliseconds(1)) == [], "not before its delay")
            now = now + delay
            #expect(state.due(at: now) == [.start("companies")])
            pid += 10
            _ = state.started("companies", pid: pid, at: now)
        }
        #expect(delays == [1, 2, 4, 8, 16, 30, 30].map { .seconds($0) })
        #expect(state.running.map(\.pid).contains(101), "the other child was left alone")
    }

    @Test func aChildThatRanAWhileStartsOverAtTheFirstDelay() {
        var state = running()
        _ = state.exited(pid: 100, .exited(1), at: t0 + .seconds(1))
        _ = state.due(at: t0 + .seconds(2))
        _ = state.started("companies", pid: 110, at: t0 + .seconds(2))
        #expect(state.exited(pid: 110, .exited(1), at: t0 + .seconds(3))?.outcome == .restart(after: .seconds(2)))
        _ = state.due(at: t0 + .seconds(5))
        _ = state.started("companies", pid: 120, at: t0 + .seconds(5))
        #expect(state.exited(pid: 120, .exited(1), at: t0 + .seconds(65))?.outcome == .restart(after: .seconds(1)))
    }

    @Test func aStopIsForwardedOnceAndEndsWhenEveryChildHasExited() {
        var state = running()
        _ = state.exited(pid: 101, .exited(1), at: t0 + .seconds(1))  // events waits for its restart
        let now = t0 + .seconds(1.5)
        #expect(state.stop(signal: SIGTERM, at: now) == [.signal("companies", pid: 100, signal: SIGTERM)])
        #expect(state.stop(signal: SIGINT, at: now) == [], "a second signal changes nothing")
        #expect(state.due(at: now + .seconds(5)) == [], "no restart while stopping")
        #expect(!state.isFinished)
        #expect(state.exited(pid: 100, .exited(0), at: now + .seconds(2))?.outcome == .stopped)
        #expect(state.isFinished)
        #expect(state.exitStatus == 0)
    }

    @Test func childrenStillThereAtTheDeadlineAreKilledOnce() {
        var state = running()
        #expect(state.stop(signal: SIGTERM, at: t0).count == 2)
        _ = state.exited(pid: 100, .exited(0), at: t0 + .seconds(1))
        #expect(state.due(at: t0 + .seconds(29)) == [])
        #expect(state.due(at: t0 + .seconds(30)) == [.kill("events", pid: 101)])
        #expect(state.due(at: t0 + .seconds(31)) == [])
        _ = state.exited(pid: 101, .signalled(SIGKILL), at: t0 + .seconds(31))
        #expect(state.isFinished)
        #expect(state.exitStatus == 1, "a killed child is no clean stop")
    }

    @Test func aChildStartedWhileStoppingIsToldAtOnce() {
        var state = Supervision(children: ["companies"], now: t0)
        #expect(state.due(at: t0) == [.start("companies")])
        #expect(state.stop(signal: SIGINT, at: t0) == [])
        #expect(state.started("companies", pid: 7, at: t0) == [.signal("companies", pid: 7, signal: SIGINT)])
    }

    @Test func aUsageErrorIsNotRestartedAndStopsEverything() {
        var state = running()
        #expect(state.exited(pid: 100, .exited(64), at: t0 + .seconds(1))?.outcome == .fatal)
        #expect(state.stop(signal: SIGTERM, at: t0 + .seconds(1)) == [.signal("events", pid: 101, signal: SIGTERM)])
        _ = state.exited(pid: 101, .exited(0), at: t0 + .seconds(2))
        #expect(state.isFinished)
        #expect(state.exitStatus == 64)
    }

    @Test func waitStatusesAreDecoded() {
        #expect(ProcessExit(waitStatus: 0) == .exited(0))
        #expect(ProcessExit(waitStatus: 64 << 8) == .exited(64))
        #expect(ProcessExit(waitStatus: SIGKILL) == .signalled(SIGKILL))
        #expect(ProcessExit(waitStatus: 0).isSuccess)
        #expect(!ProcessExit(waitStatus: SIGTERM).isSuccess)
    }
}
