import Identifiers
import LoadGenerator
import Testing

@Suite struct RegistrationAnalysisTests {
    /// Five people for three seats: three confirmed, two waitlisted 1 and 2.
    @Test func fiveForThreeSeatsHoldsEveryInvariant() throws {
        var script = RegistrationScript()
        let ids = (0..<5).map { script.command(due: $0 * 10) }
        for (n, id) in ids.prefix(3).enumerated() { script.confirm(id, count: n + 1, at: 100 + n * 10) }
        script.waitlist(ids[3], position: 2, at: 150)
        script.waitlist(ids[4], position: 1, at: 140)
        let findings = script.findings(capacity: 3)

        #expect(findings.broken == [])
        #expect(findings.invariants.count == 6)
        #expect(findings.answered == 5 && findings.missing == 0 && findings.duplicateDeliveries == 0)
        #expect(
            findings.events == [
                EventTally(
                    event: script.event, capacity: 3, registrations: 5, confirmed: 3, waitlisted: 2, refused: 0, unanswered: 0
                )
            ])
        #expect(findings.latencies.summary.map(\.count) == [5, 5, 5])
        #expect(findings.lastAnswer == .milliseconds(152))
    }

    @Test func aRegistrationWithoutOutcomeIsMissing() {
        var script = RegistrationScript()
        let ids = (0..<3).map { script.command(due: $0) }
        script.confirm(ids[0], count: 1, at: 10)
        script.confirm(ids[1], count: 2, at: 20)
        let findings = script.findings(capacity: 3)
        #expect(findings.missing == 1 && findings.answered == 2)
        #expect(findings.events.first?.unanswered == 1)
        #expect(findings.broken == ["every command answered", "confirmed = min(capacity, registrations)"])
        #expect(findings.invariants[0].detail == "1 of 3 RegisterAttendee without an outcome")
    }

    @Test func twoOutcomesForOneCommandAreAnAnswerGivenTwice() {
        var script = RegistrationScript()
        let id = script.command(due: 0)
        script.confirm(id, count: 1, at: 10)
        script.see(.registrationWaitlisted(registration: Identifier(), event: script.event, position: 1), of: id, at: 30)
        #expect(script.findings(capacity: 1).broken == ["nothing answered twice"])
    }

    /// The same message delivered again is one answer, counted as a duplicate delivery.
    @Test func aMessageSeenTwiceIsOneAnswer() throws {
        var script = RegistrationScript()
        let id = script.command(due: 0)
        script.confirm(id, count: 1, at: 10)
        let again = try #require(script.observed.last)
        script.observed.append(
            Observed(
                id: again.id, correlationId: again.correlationId, causationId: again.causationId, message: again.message, at: .milliseconds(40)
            ))
        let findings = script.findings(capacity: 1)
        #expect(findings.broken == [])
        #expect(findings.duplicateDeliveries == 1)
    }

    @Test func aGapOrARepeatInTheWaitlistBreaksIt() {
        for positions in [[1, 3], [1, 1], [2]] {
            var script = RegistrationScript()
            let full = script.command(due: 0)
            script.confirm(full, count: 1, at: 5)
            for (n, position) in positions.enumerated() { script.waitlist(script.command(due: n + 1), position: position, at: 10 + n) }
            #expect(script.findings(capacity: 1).broken == ["waitlist positions 1…k without gaps or repeats"], "\(positions)")
        }
    }

    @Test func aSeatCountedTwiceBreaksTheSeatCounts() {
        var script = RegistrationScript()
        script.confirm(script.command(due: 0), count: 1, at: 10)
        script.confirm(script.command(due: 1), count: 1, at: 11)
        #expect(script.findings(capacity: 2).broken == ["seat counts 1…c without gaps or repeats"])
    }

    @Test func moreConfirmedThanSeatsBreaksTheCapacity() {
        var script = RegistrationScript()
        for n in 0..<3 { script.confirm(script.command(due: n), count: n + 1, at: 10 + n) }
        let findings = script.findings(capacity: 2)
        #expect(findings.broken == ["confirmed = min(capacity, registrations)"])
        #expect(findings.invariants[3].detail == "event \(script.event): 3 confirmed, expected 2")
    }

    /// A CommandRejected is the direct answer and the outcome at once: one refusal.
    @Test func aRejectedRegistrationIsAnsweredAndCountedOnceAsRefused() {
        var script = RegistrationScript()
        let id = script.command(due: 0)
        script.see(.commandRejected(command: "RegisterAttendee", reason: "registration_closed"), of: id, direct: true, at: 10)
        let findings = script.findings(capacity: 5)
        #expect(findings.answered == 1 && findings.missing == 0)
        #expect(findings.events.first?.refused == 1)
        #expect(findings.broken == ["no registration refused", "confirmed = min(capacity, registrations)"])
        #expect(findings.invariants[2].detail == "1 × RegisterAttendee rejected: registration_closed")
    }

    /// Latency counts from when the command was due, not from when a late sender sent it.
    @Test func latencyCountsFromTheDueTime() throws {
        var script = RegistrationScript()
        script.confirm(script.command(due: 0, sent: 50), count: 1, at: 98)
        let outcome = try #require(script.findings(capacity: 1).latencies.summary.last)
        #expect(abs(outcome.p50 - 100) <= 0.1)
    }

    @Test func messagesOfOtherSagasAreIgnored() {
        var script = RegistrationScript()
        script.confirm(script.command(due: 0), count: 1, at: 10)
        script.confirm(Identifier(), count: 2, at: 20)
        let findings = script.findings(capacity: 1)
        #expect(findings.broken == [])
        #expect(findings.events.first?.confirmed == 1)
    }
}
