public import Foundation
public import Identifiers

/// An open invitation as `SpeakerInvited` told it: reminders and expiry name
/// only the speaker and the session, the mails need the rest.
public struct InvitationCopy: Sendable, Equatable {
    public var speakerId: Identifier
    public var sessionId: Identifier
    public var eventId: Identifier
    public var role: String
    public var presentationTitle: String?
    public var responseDeadline: Date

    public init(
        speakerId: Identifier, sessionId: Identifier, eventId: Identifier, role: String, presentationTitle: String?,
        responseDeadline: Date
    ) {
        self.speakerId = speakerId
        self.sessionId = sessionId
        self.eventId = eventId
        self.role = role
        self.presentationTitle = presentationTitle
        self.responseDeadline = responseDeadline
    }
}
