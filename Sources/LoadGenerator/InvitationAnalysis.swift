import Identifiers

/// Reads an invitation run's answers (DESIGN.md, "Speaker invitation to
/// confirmation"): InviteSpeaker is answered with SpeakerInvited, the run
/// then accepts with RespondToInvitation (correlated with the invitation),
/// which is answered with SpeakerConfirmed.
public enum InvitationAnalysis {
    public static let invited = "InviteSpeaker → SpeakerInvited"
    public static let confirmed = "RespondToInvitation → SpeakerConfirmed"
    public static let saga = "InviteSpeaker → SpeakerConfirmed"
    public static let steps = [invited, confirmed, saga]

    /// Whether a message ends the invitation saga it belongs to.
    public static func endsSaga(_ message: ObservedMessage) -> Bool { message.isResponseAnswer }

    /// - Parameters:
    ///   - invitations: the InviteSpeaker sent, each with its session as target.
    ///   - responses: the RespondToInvitation sent, each with its InviteSpeaker's id as target.
    ///   - observed: what the run's queue received.
    public static func findings(invitations: [SentCommand], responses: [SentCommand], observed: [Observed]) -> LoadFindings {
        let index = AnswerIndex(observed)
        var latencies = LatencyBook(steps: steps)
        var unanswered = 0
        var answeredTwice = 0
        var unconfirmed = 0
        var refusals = RefusalCount()
        var lastAnswer: Duration?

        for invitation in invitations {
            let answers = index.answers(to: invitation.id) { $0.isInvitationAnswer }
            let outcomes = index.saga(of: invitation.id) { $0.isResponseAnswer }
            if answers.isEmpty { unanswered += 1 }
            if answers.count > 1 || outcomes.count > 1 { answeredTwice += 1 }
            if let first = answers.first { latencies.record(invited, first.at - invitation.due) }
            if let first = outcomes.first {
                latencies.record(saga, first.at - invitation.due)
                lastAnswer = max(lastAnswer ?? first.at, first.at)
            }
            if !outcomes.contains(where: { if case .speakerConfirmed = $0.message { true } else { false } }) { unconfirmed += 1 }
            refusals.add(answers + outcomes)
        }
        for response in responses {
            let answers = index.answers(to: response.id) { $0.isResponseAnswer }
            if answers.isEmpty { unanswered += 1 }
            if answers.count > 1 { answeredTwice += 1 }
            if let first = answers.first { latencies.record(confirmed, first.at - response.sent) }
            refusals.add(answers)
        }

        let missing = invitations.filter { index.saga(of: $0.id) { $0.isResponseAnswer }.isEmpty }.count
        let invariants = [
            InvariantCheck(
                "every command answered", holds: unanswered == 0,
                detail: "\(unanswered) of \(invitations.count + responses.count) commands without an answer"
            ),
            InvariantCheck(
                "every invitation confirmed", holds: unconfirmed == 0,
                detail: "\(unconfirmed) of \(invitations.count) invitations without SpeakerConfirmed"
            ),
            InvariantCheck(
                "nothing answered twice", holds: answeredTwice == 0,
                detail: "\(answeredTwice) commands answered more than once"
            ),
            refusals.check("no command refused"),
        ]
        return LoadFindings(
            latencies: latencies, events: [], invariants: invariants, answered: invitations.count - missing, missing: missing,
            duplicateDeliveries: index.duplicateDeliveries, lastAnswer: lastAnswer
        )
    }
}
