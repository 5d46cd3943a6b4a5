import Identifiers
import LoadGenerator
import Testing

@Suite struct InvitationAnalysisTests {
    let session = Identifier()

    /// An invitation due at `due`, answered at `invited`, accepted at once
    /// and confirmed at `confirmed` (nil: that step never happens).
    func saga(
        due: Int, invited: Int?, confirmed: Int?, into invitations: inout [SentCommand], _ responses: inout [SentCommand],
        _ observed: inout [Observed]
    ) {
        let invitation = Identifier()
        let speaker = Identifier()
        invitations.append(SentCommand(id: invitation, target: session, due: .milliseconds(due), sent: .milliseconds(due)))
        guard let invited else { return }
        observed.append(
            Observed(
                id: Identifier(), correlationId: invitation, causationId: invitation,
                message: .speakerInvited(speaker: speaker, session: session), at: .milliseconds(invited)
            ))
        let response = Identifier()
        responses.append(SentCommand(id: response, target: invitation, due: .milliseconds(invited), sent: .milliseconds(invited)))
        guard let confirmed else { return }
        observed.append(
            Observed(
                id: Identifier(), correlationId: invitation, causationId: response,
                message: .speakerConfirmed(speaker: speaker, session: session), at: .milliseconds(confirmed)
            ))
    }

    @Test func everyInvitationInvitedThenConfirmed() throws {
        var invitations: [SentCommand] = []
        var responses: [SentCommand] = []
        var observed: [Observed] = []
        for n in 0..<4 { saga(due: n * 10, invited: n * 10 + 5, confirmed: n * 10 + 8, into: &invitations, &responses, &observed) }
        let findings = InvitationAnalysis.findings(invitations: invitations, responses: responses, observed: observed)
        #expect(findings.broken == [])
        #expect(findings.answered == 4 && findings.missing == 0)
        #expect(findings.latencies.summary.map(\.step) == InvitationAnalysis.steps)
        #expect(findings.latencies.summary.map(\.count) == [4, 4, 4])
        let (invited, confirmed, whole) = (findings.latencies.summary[0], findings.latencies.summary[1], findings.latencies.summary[2])
        #expect(abs(invited.max - 5) <= 0.01 && abs(confirmed.max - 3) <= 0.01 && abs(whole.max - 8) <= 0.01)
        #expect(findings.lastAnswer == .milliseconds(38))
    }

    @Test func anUnansweredResponseLeavesTheInvitationUnconfirmed() {
        var invitations: [SentCommand] = []
        var responses: [SentCommand] = []
        var observed: [Observed] = []
        saga(due: 0, invited: 5, confirmed: 8, into: &invitations, &responses, &observed)
        saga(due: 10, invited: 15, confirmed: nil, into: &invitations, &responses, &observed)
        saga(due: 20, invited: nil, confirmed: nil, into: &invitations, &responses, &observed)
        let findings = InvitationAnalysis.findings(invitations: invitations, responses: responses, observed: observed)
        #expect(findings.broken == ["every command answered", "every invitation confirmed"])
        #expect(findings.invariants[0].detail == "2 of 5 commands without an answer")
        #expect(findings.invariants[1].detail == "2 of 3 invitations without SpeakerConfirmed")
        #expect(findings.answered == 1 && findings.missing == 2)
    }

    @Test func aSecondConfirmationIsAnAnswerGivenTwice() throws {
        var invitations: [SentCommand] = []
        var responses: [SentCommand] = []
        var observed: [Observed] = []
        saga(due: 0, invited: 5, confirmed: 8, into: &invitations, &responses, &observed)
        var again = try #require(observed.last)
        again.id = Identifier()
        observed.append(again)
        let findings = InvitationAnalysis.findings(invitations: invitations, responses: responses, observed: observed)
        #expect(findings.broken == ["nothing answered twice"])
    }

    @Test func aRefusedInvitationEndsTheSagaButBreaksTheRun() {
        let invitation = Identifier()
        let findings = InvitationAnalysis.findings(
            invitations: [SentCommand(id: invitation, target: session, due: .zero, sent: .zero)], responses: [],
            observed: [
                Observed(
                    id: Identifier(), correlationId: invitation, causationId: invitation,
                    message: .commandRejected(command: "InviteSpeaker", reason: "unknown_session"), at: .milliseconds(3)
                )
            ]
        )
        #expect(findings.answered == 1)
        #expect(findings.broken == ["every invitation confirmed", "no command refused"])
        #expect(findings.invariants[3].detail == "1 × InviteSpeaker rejected: unknown_session")
    }
}
