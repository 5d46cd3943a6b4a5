public import Foundation

/// events' answers to SessionSeatRequested, applied to the choice they are about.
public enum SessionSeatAnswers {
    /// A seat is held: the choice takes it, whichever of its requests it
    /// answers. A seat for a choice that was dropped meanwhile (or whose
    /// registration was cancelled) is given back. Not our registration: nothing.
    public static func reserved(
        _ answer: SessionSeatReserved, registration: Registration?, choice: SessionChoice?, now: Date
    ) -> ChoiceDecision {
        guard let registration else { return .nothing }
        guard let choice, choice.status != .released, registration.status != .cancelled else {
            let giveBack = SessionChoiceDropped(
                registrationId: answer.registrationId, eventId: answer.eventId, sessionId: answer.sessionId,
                attendeeId: registration.attendeeId, choiceId: answer.choiceId
            )
            return ChoiceDecision(events: [.sessionChoiceDropped(giveBack)])
        }
        guard choice.status != .reserved else { return .nothing }
        return ChoiceDecision(saved: [choice.moved(to: .reserved, at: now)])
    }

    /// A refusal counts only for the request it answers: an older choice's
    /// refusal says nothing about the current one.
    public static func rejected(_ answer: SessionSeatRejected, choice: SessionChoice?, now: Date) -> ChoiceDecision {
        guard let choice, choice.status == .requested, choice.choiceId == answer.choiceId else { return .nothing }
        return ChoiceDecision(saved: [choice.moved(to: .rejected, at: now, reason: answer.reason)])
    }
}
