public import Foundation
public import Identifiers
public import Messaging

/// `attendees.ConsentWithdrawn`: the registrations this withdrawal cancelled
/// (each also announced by its RegistrationCancelled); empty for a repeat.
public struct ConsentWithdrawn: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "ConsentWithdrawn"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"
    public var aggregateId: Identifier { attendeeId }

    public var attendeeId: Identifier
    public var withdrawnAt: Date
    public var cancelledRegistrationIds: [Identifier]

    public init(attendeeId: Identifier, withdrawnAt: Date, cancelledRegistrationIds: [Identifier]) {
        self.attendeeId = attendeeId
        self.withdrawnAt = withdrawnAt
        self.cancelledRegistrationIds = cancelledRegistrationIds
    }
}
