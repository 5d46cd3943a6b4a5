import Identifiers

/// A speakers invitation event as speakers writes it: any role text, so a
/// test can also send one outside the contract.
struct SpeakerSlotPayload: Codable, Sendable {
    var speakerId: Identifier
    var sessionId: Identifier
    var eventId: Identifier
    var role: String
    var reason: String?
}
