import Foundation
import Identifiers

/// events' SessionScheduled as events writes it: any session type text, so
/// a test can also send one outside the contract.
struct TimetablePayload: Codable, Sendable {
    var sessionId: Identifier
    var eventId: Identifier
    var sessionType: String
    var startTime: Date
    var endTime: Date
}
