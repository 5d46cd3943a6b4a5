public import Foundation
public import Identifiers
public import Messaging

/// `speakers.SpeakerErased`: events drops the speaker's name from its copy
/// and from every programme it is in.
public struct SpeakerErased: DomainEvent, Equatable {
    public static let name = "SpeakerErased"
    public static let context = "speakers"
    public static let aggregateType = "Speaker"

    public var speakerId: Identifier
    public var erasedAt: Date

    public init(speakerId: Identifier, erasedAt: Date) {
        self.speakerId = speakerId
        self.erasedAt = erasedAt
    }
}
