public import Foundation
public import Identifiers

/// What a mail says about an event, copied from `events.EventCreated` and
/// kept up to date by `EventUpdated` (a newer copy wins) and `EventCancelled`.
public struct EventCopy: Sendable, Equatable {
    public var id: Identifier
    public var title: String
    public var date: Date
    public var venue: String
    /// The organiser's address for this event (`metadata.organiserEmail` of
    /// EventCreated); nil: the configured one.
    public var organiserEmail: String?
    /// When events wrote this state: an older one never replaces a newer one.
    public var asOf: Date
    /// Set by EventCancelled: no more confirmations or waitlistings go out for it.
    public var cancelledAt: Date?

    public init(
        id: Identifier, title: String, date: Date, venue: String, organiserEmail: String? = nil, asOf: Date = .distantPast,
        cancelledAt: Date? = nil
    ) {
        self.id = id
        self.title = title
        self.date = date
        self.venue = venue
        self.organiserEmail = organiserEmail
        self.asOf = asOf
        self.cancelledAt = cancelledAt
    }
}
