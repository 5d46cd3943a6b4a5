public import Foundation
public import Identifiers

/// An event's public agenda: its sessions in time order with their
/// confirmed speakers and materials. What EventProgrammePublished and
/// EventProgrammeChanged carry (besides revision and cause), and what events
/// keeps of the last one it announced.
public struct Programme: Codable, Sendable, Equatable {
    public var eventId: Identifier
    public var eventNumber: Int
    public var title: String
    public var eventDate: Date
    public var venueName: String
    public var venueAddress: String
    public var sessions: [ProgrammeSession]
}
