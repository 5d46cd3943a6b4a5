public import Foundation
public import Identifiers

/// A scheduled session as the programme shows it.
public struct ProgrammeSession: Codable, Sendable, Equatable {
    public var sessionId: Identifier
    public var title: String
    public var description: String?
    public var sessionType: String
    public var startTime: Date
    public var endTime: Date
    public var room: String?
    public var capacity: Int?
    public var language: String
    public var tags: [String]
    public var prerequisites: [String]
    public var targetAudience: [String]
    /// Confirmed speakers only, by role (primary speaker first).
    public var speakers: [ProgrammeSpeaker]
    /// In the order they were added.
    public var materials: [ProgrammeMaterial]
}
