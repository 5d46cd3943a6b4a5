public import Foundation
public import Identifiers
public import Messaging

/// EraseSpeaker (GDPR): the person disappears from speakers.
///
/// Refused while the speaker holds a confirmed session that has not ended
/// (`has_upcoming_sessions`: withdraw them first, or wait until they are
/// over). Otherwise the personal fields are cleared, open invitations are
/// withdrawn (reason `speaker_erased`) and the free-text reasons of every
/// invitation of the speaker are dropped; what stays (invitations, the
/// speaking history) names the speaker by id only. Erasing again answers
/// SpeakerErased and changes nothing.
public enum SpeakerErasure {
    public static let withdrawalReason = "speaker_erased"

    public struct Decision: Sendable, Equatable {
        /// The anonymous speaker; nil when already erased (nothing changes).
        public var speaker: Speaker?
        /// Every invitation that changes, the withdrawn ones included.
        public var invitations: [Assignment]
        /// The open invitations withdrawn, to announce.
        public var withdrawn: [Assignment]
        public var erased: SpeakerErased
    }

    /// `invitations`: every invitation of the speaker with its session copy.
    public static func decide(
        _ speaker: Speaker?, id: Identifier, invitations: [(Assignment, SessionCopy?)], now: Date
    ) throws(CommandRejection) -> Decision {
        guard let speaker else { throw CommandRejection("unknown_speaker", "no speaker \(id)") }
        if speaker.isErased {
            return Decision(speaker: nil, invitations: [], withdrawn: [], erased: SpeakerErased(speakerId: id, erasedAt: speaker.erasedAt ?? now))
        }
        let upcoming = invitations.filter { assignment, session in
            assignment.status == .confirmed && session.map { $0.status == .scheduled && $0.endTime > now } ?? false
        }
        guard upcoming.isEmpty else {
            throw CommandRejection(
                "has_upcoming_sessions",
                "the speaker is confirmed for \(upcoming.count) session(s) that have not ended; withdraw them or wait until they are over"
            )
        }
        var changed: [Assignment] = []
        var withdrawn: [Assignment] = []
        for (assignment, _) in invitations {
            if assignment.status.isOpen {
                let closed = Invitations.withdrawn(assignment, reason: withdrawalReason, now: now)
                withdrawn.append(closed)
                changed.append(closed)
            } else if assignment.statusReason != nil || (assignment.declineReason.map { $0 != "expired" } ?? false) {
                var scrubbed = assignment
                scrubbed.statusReason = nil
                scrubbed.declineReason = assignment.status == .expired ? assignment.declineReason : nil
                scrubbed.version += 1
                changed.append(scrubbed)
            }
        }
        var anonymous = speaker
        anonymous.personal = nil
        anonymous.erasedAt = now
        anonymous.baseAvailability = .unavailable
        return Decision(
            speaker: anonymous, invitations: changed, withdrawn: withdrawn, erased: SpeakerErased(speakerId: id, erasedAt: now)
        )
    }
}
