public import Foundation
public import Identifiers

/// Events' copy of a speaker's public name, fed by speakers' events, for
/// the programme. Erasure is final: the names are gone and nothing older or
/// newer brings them back (an erased speaker's id is never registered again).
public struct SpeakerName: Sendable, Equatable {
    public var speakerId: Identifier
    /// Both nil once erased.
    public var firstName: String?
    public var lastName: String?
    /// occurredAt of the speakers event that wrote the copy.
    public var asOf: Date
    public var erasedAt: Date?

    /// The copy after a speakers event naming the speaker; nil when it
    /// changes nothing (erased, or older than the copy).
    public static func named(_ existing: SpeakerName?, _ fields: SpeakerNameFields, occurredAt: Date) -> SpeakerName? {
        if let existing, existing.erasedAt != nil || existing.asOf > occurredAt { return nil }
        return SpeakerName(
            speakerId: fields.speakerId, firstName: fields.firstName, lastName: fields.lastName, asOf: occurredAt, erasedAt: nil
        )
    }

    /// The copy after SpeakerErased; nil when already erased.
    public static func erased(_ existing: SpeakerName?, speakerId: Identifier, at erasedAt: Date, occurredAt: Date) -> SpeakerName? {
        if existing?.erasedAt != nil { return nil }
        return SpeakerName(
            speakerId: speakerId, firstName: nil, lastName: nil, asOf: max(occurredAt, existing?.asOf ?? occurredAt), erasedAt: erasedAt
        )
    }
}
