public import Foundation

/// events' answers to SessionSeatRequested, applied to the choice they are about.
public enum SessionSeatAnswers {
    /// A seat is held: the choice takes it, whichever of its requests it
    /// answers. A seat for a choice that was dropped meanwhile (or whose
    /// registration was cancelled) is given back under the answer's choice
    /// number (events ignores it if a later choice holds the seat). Not our
    /// registration: nothing.
    public static func reserved(
        _ answer: SessionSeatReserved, registration: Registration?, choice: SessionChoice?, now: Date
    ) -> ChoiceDecision {
        guard let registration else { return .nothing }
        guard let choice, choice.status != .released, choice.status != .dropped, registration.status != .cancelled else {
            let giveBack = SessionChoiceDropped(
                SessionSeatFields(
                    registrationId: answer.registrationId, eventId: answer.eventId, sessionId: answer.sessionId,
                    attendeeId: registration.attendeeId, choiceNumber: answer.choiceNumber
                ))
            return ChoiceDecision(events: [.sessionChoiceDropped(giveBack)])
        }
        guard choice.status != .reserved else { return .nothing }
        return ChoiceDecision(saved: [choice.moved(to: .reserved, at: now)])
    }

    /// A refusal counts only for the request it answers: an older choice's
    /// refusal says nothing about the current one.
    public static func rejected(_ answer: SessionSeatRejected, choice: SessionChoice?, now: Date) -> ChoiceDecision {
        guard let choice, choice.status == .requested, choice.choiceNumber == answer.choiceNumber else { return .nothing }
        return ChoiceDecision(saved: [choice.moved(to: .rejected, at: now, reason: answer.reason)])
    }
}
