public import Foundation
public import Identifiers

/// What a mail says about an event, copied from `events.EventCreated`.
public struct EventCopy: Sendable, Equatable {
    public var id: Identifier
    public var title: String
    public var date: Date
    public var venue: String
    /// The organiser's address for this event (`metadata.organiserEmail` of
    /// EventCreated); nil: the configured one.
    public var organiserEmail: String?

    public init(id: Identifier, title: String, date: Date, venue: String, organiserEmail: String? = nil) {
        self.id = id
        self.title = title
        self.date = date
        self.venue = venue
        self.organiserEmail = organiserEmail
    }
}
