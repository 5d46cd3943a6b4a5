import Identifiers

/// A message about one speaker that locks the speaker's row (`AssignmentLocks`).
protocol SpeakerScoped {
    var speakerId: Identifier { get }
}

extension SetSpeakerAvailability: SpeakerScoped {}
extension RefreshSpeakerAvailability: SpeakerScoped {}
