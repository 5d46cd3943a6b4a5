public import Foundation
public import Identifiers

/// A row of `registration_sessions`: one session a registration chose.
public struct SessionChoice: Sendable, Hashable {
    public var registrationId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    /// Which choice of the session this is for the registration: 1, then one
    /// more each time it is chosen again after a drop or a refusal. The seat
    /// messages carry it, so events tells a stale one from a current one
    /// without trusting any clock.
    public var choiceNumber: Int
    public var status: SessionChoiceStatus
    public var rejectionReason: SessionSeatRejectionReason?
    public var chosenAt: Date
    public var statusChangedAt: Date

    public init(
        registrationId: Identifier, sessionId: Identifier, eventId: Identifier, choiceNumber: Int, status: SessionChoiceStatus,
        rejectionReason: SessionSeatRejectionReason? = nil, chosenAt: Date, statusChangedAt: Date
    ) {
        self.registrationId = registrationId
        self.sessionId = sessionId
        self.eventId = eventId
        self.choiceNumber = choiceNumber
        self.status = status
        self.rejectionReason = rejectionReason
        self.chosenAt = chosenAt
        self.statusChangedAt = statusChangedAt
    }

    /// The choice as the seat messages name it.
    func fields(attendeeId: Identifier) -> SessionSeatFields {
        SessionSeatFields(registrationId: registrationId, eventId: eventId, sessionId: sessionId, attendeeId: attendeeId, choiceNumber: choiceNumber)
    }

    func moved(to status: SessionChoiceStatus, at now: Date, reason: SessionSeatRejectionReason? = nil) -> SessionChoice {
        var next = self
        next.status = status
        next.rejectionReason = status == .rejected ? reason : nil
        next.statusChangedAt = now
        return next
    }
}
