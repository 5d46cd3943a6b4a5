/// Which step of its saga a message is.
extension ObservedMessage {
    /// attendees' direct answer to a RegisterAttendee.
    var isRequestAnswer: Bool {
        switch self {
        case .registrationRequested, .commandRejected: true
        default: false
        }
    }

    /// events' answer to a seat request.
    var isSeatAnswer: Bool {
        switch self {
        case .seatReserved, .seatRejected: true
        default: false
        }
    }

    /// How the registration saga ended.
    var isOutcome: Bool {
        switch self {
        case .registrationConfirmed, .registrationWaitlisted, .registrationRejected, .commandRejected: true
        default: false
        }
    }

    /// speakers' direct answer to an InviteSpeaker.
    var isInvitationAnswer: Bool {
        switch self {
        case .speakerInvited, .commandRejected: true
        default: false
        }
    }

    /// speakers' direct answer to a RespondToInvitation, and how the invitation saga ends.
    var isResponseAnswer: Bool {
        switch self {
        case .speakerConfirmed, .commandRejected: true
        default: false
        }
    }
}
