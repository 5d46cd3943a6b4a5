public import Identifiers

/// The checks every command about an attendee starts with.
public enum AttendeeRules {
    /// Known, not erased, consent not withdrawn.
    public static func requireLive(_ attendee: Attendee?, id: Identifier) throws(Rejection) -> Attendee {
        let known = try requireKnown(attendee, id: id)
        guard !known.isRestricted else {
            throw Rejection("consent_withdrawn", "attendee \(id) withdrew consent; a registration with gdprConsent gives it again")
        }
        return known
    }

    /// Known and not erased (consent may be withdrawn).
    public static func requireKnown(_ attendee: Attendee?, id: Identifier) throws(Rejection) -> Attendee {
        guard let attendee else { throw Rejection("unknown_attendee", "no attendee \(id)") }
        guard !attendee.isErased else { throw erased(id) }
        return attendee
    }

    static func erased(_ id: Identifier) -> Rejection {
        Rejection("attendee_erased", "attendee \(id) was erased")
    }
}
