public import Identifiers
public import Messaging

/// The messages of the two sagas a load run follows, with the fields its
/// checks need (ids, positions, counts, reason codes; never personal data).
public enum ObservedMessage: Sendable, Hashable {
    case registrationRequested(registration: Identifier, event: Identifier)
    case seatReserved(registration: Identifier, event: Identifier, count: Int)
    case seatRejected(registration: Identifier, event: Identifier, reason: String)
    case registrationConfirmed(registration: Identifier, event: Identifier)
    case registrationWaitlisted(registration: Identifier, event: Identifier, position: Int)
    case registrationRejected(registration: Identifier, event: Identifier, reason: String)
    case speakerInvited(speaker: Identifier, session: Identifier)
    case speakerConfirmed(speaker: Identifier, session: Identifier)
    /// Any context's `CommandRejected`.
    case commandRejected(command: String, reason: String)

    /// The routing keys of the registration saga's messages.
    public static let registrationKeys = [
        "attendees.RegistrationRequested", "events.SeatReserved", "events.SeatRejected", "attendees.RegistrationConfirmed",
        "attendees.RegistrationWaitlisted", "attendees.RegistrationRejected", "attendees.CommandRejected",
    ]

    /// The routing keys of the invitation saga's messages.
    public static let invitationKeys = ["speakers.SpeakerInvited", "speakers.SpeakerConfirmed", "speakers.CommandRejected"]

    /// Reads one message; nil for another message or one without the fields
    /// its kind has on the wire.
    public init?(routingKey: String, data: JSONValue) {
        func id(_ key: String) -> Identifier? { data[key]?.stringValue.flatMap(Identifier.init) }
        func int(_ key: String) -> Int? { data[key]?.doubleValue.flatMap { Int(exactly: $0) } }
        func text(_ key: String) -> String? { data[key]?.stringValue }
        if routingKey.hasSuffix(".CommandRejected") {
            guard let command = text("commandType"), let reason = text("reason") else { return nil }
            self = .commandRejected(command: command, reason: reason)
            return
        }
        switch routingKey {
        case "speakers.SpeakerInvited", "speakers.SpeakerConfirmed":
            guard let speaker = id("speakerId"), let session = id("sessionId") else { return nil }
            self =
                routingKey == "speakers.SpeakerInvited"
                ? .speakerInvited(speaker: speaker, session: session) : .speakerConfirmed(speaker: speaker, session: session)
            return
        default:
            break
        }
        guard let registration = id("registrationId"), let event = id("eventId") else { return nil }
        switch routingKey {
        case "attendees.RegistrationRequested":
            self = .registrationRequested(registration: registration, event: event)
        case "events.SeatReserved":
            guard let count = int("currentAttendeeCount") else { return nil }
            self = .seatReserved(registration: registration, event: event, count: count)
        case "events.SeatRejected":
            guard let reason = text("reason") else { return nil }
            self = .seatRejected(registration: registration, event: event, reason: reason)
        case "attendees.RegistrationConfirmed":
            self = .registrationConfirmed(registration: registration, event: event)
        case "attendees.RegistrationWaitlisted":
            guard let position = int("position") else { return nil }
            self = .registrationWaitlisted(registration: registration, event: event, position: position)
        case "attendees.RegistrationRejected":
            guard let reason = text("reason") else { return nil }
            self = .registrationRejected(registration: registration, event: event, reason: reason)
        default:
            return nil
        }
    }

    /// A refusal: a CommandRejected, or a registration events would not seat
    /// for another reason than a full event.
    public var refusal: String? {
        switch self {
        case .commandRejected(let command, let reason): "\(command) rejected: \(reason)"
        case .registrationRejected(_, _, let reason): "registration rejected: \(reason)"
        default: nil
        }
    }
}
