/// The kinds of hostile input the suite sends, in the order of its tally:
/// the list, plus the unusual-but-valid inputs that must be handled
/// as such. Whether one message is bad or only unusual is its fault's
/// business (`HostileFault`), not its kind's: combining characters make an
/// id invalid but a name merely unusual.
enum HostileKind: String, CaseIterable, Sendable, Comparable {
    case invalidJSON = "invalid JSON"
    case invalidUTF8 = "invalid UTF-8"
    case wrongTypes = "wrong JSON types"
    case missingFields = "missing fields"
    case unknownEventType = "unknown eventType"
    case unsupportedVersion = "unsupported eventVersion"
    case keyMismatch = "routing key ≠ eventType"
    case overLength = "strings past column length"
    case nul = "NUL in ids and text"
    case combining = "combining characters"
    case outOfRange = "numbers/dates out of range"
    case invalidValues = "values outside the contract"
    case deepNesting = "nested 10,000 deep"
    case bodySize = "body size limit"
    case forgedHeaders = "forged kernel headers"
    case contentType = "content type"
    case messageId = "missing or bad message_id"
    case unusual = "unusual but valid"

    static func < (lhs: HostileKind, rhs: HostileKind) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}
