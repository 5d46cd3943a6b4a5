import Identifiers

/// A message about one invitation, named by its session and speaker: its
/// handler locks the session's row, then the speaker's (`AssignmentLocks`).
protocol InvitationScoped {
    var sessionId: Identifier { get }
    var speakerId: Identifier { get }
}

extension InviteSpeaker: InvitationScoped {}
extension RespondToInvitation: InvitationScoped {}
extension WithdrawSpeaker: InvitationScoped {}
extension SendInvitationReminder: InvitationScoped {}
extension ExpireInvitation: InvitationScoped {}
