public import Foundation
public import Identifiers

/// A row of `registration_sessions`: one session a registration chose.
public struct SessionChoice: Sendable, Hashable {
    public var registrationId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    /// Names this choice of the session in the seat messages; a new choice of
    /// the same session (after a drop or a refusal) gets a greater one.
    public var choiceId: Identifier
    public var status: SessionChoiceStatus
    public var rejectionReason: SessionSeatRejectionReason?
    public var chosenAt: Date
    public var statusChangedAt: Date

    public init(
        registrationId: Identifier, sessionId: Identifier, eventId: Identifier, choiceId: Identifier, status: SessionChoiceStatus,
        rejectionReason: SessionSeatRejectionReason? = nil, chosenAt: Date, statusChangedAt: Date
    ) {
        self.registrationId = registrationId
        self.sessionId = sessionId
        self.eventId = eventId
        self.choiceId = choiceId
        self.status = status
        self.rejectionReason = rejectionReason
        self.chosenAt = chosenAt
        self.statusChangedAt = statusChangedAt
    }

    func moved(to status: SessionChoiceStatus, at now: Date, reason: SessionSeatRejectionReason? = nil) -> SessionChoice {
        var next = self
        next.status = status
        next.rejectionReason = status == .rejected ? reason : nil
        next.statusChangedAt = now
        return next
    }
}
