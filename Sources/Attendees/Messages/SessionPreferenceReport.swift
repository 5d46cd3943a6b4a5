public import Foundation
public import Identifiers

/// One session choice of a registration, with where its seat stands.
public struct SessionPreferenceReport: Codable, Sendable, Hashable {
    public var sessionId: Identifier
    public var status: SessionChoiceStatus
    public var rejectionReason: SessionSeatRejectionReason?
    public var chosenAt: Date

    public init(_ choice: SessionChoice) {
        sessionId = choice.sessionId
        status = choice.status
        rejectionReason = choice.rejectionReason
        chosenAt = choice.chosenAt
    }
}
