public import Foundation
public import Identifiers

/// Events' local view of one speaker slot, fed by the speakers context.
public enum SlotStatus: String, Codable, Sendable {
    case invited, confirmed, declined, expired, withdrawn, released

    /// Someone was asked for the slot or holds it.
    public var isTaken: Bool { self == .invited || self == .confirmed }
}

public struct SpeakerSlot: Sendable, Equatable {
    public var sessionId: Identifier
    public var speakerId: Identifier
    public var role: SpeakerRole
    public var status: SlotStatus
    /// occurredAt of the speakers event that set this state.
    public var asOf: Date
    /// The speaker's own title for the talk, from SpeakerInvited or SpeakerConfirmed.
    public var presentationTitle: String? = nil
}

/// What events knows of a session when judging the agenda.
public struct AgendaSession: Sendable, Equatable {
    public var id: Identifier
    public var type: SessionType
    public var status: SessionStatus
}

/// A speakers event, as it changes a slot.
public enum SlotChange: String, Sendable, CaseIterable {
    case invited, confirmed, declined, expired, withdrawn, released

    var status: SlotStatus {
        switch self {
        case .invited: .invited
        case .confirmed: .confirmed
        case .declined: .declined
        case .expired: .expired
        case .withdrawn: .withdrawn
        case .released: .released
        }
    }

    /// SpeakerInvited and SpeakerConfirmed carry the presentation title.
    var carriesTitle: Bool { self == .invited || self == .confirmed }
}

public enum SlotDecision: Sendable, Equatable {
    /// An older event than the one the slot already reflects: change nothing.
    case ignore
    /// Write the slot; `reopened` when a slot that was asked for or held
    /// (or unknown) is open again, which events announces.
    case write(SpeakerSlot, reopened: Bool)
}

public enum Agenda {
    /// Applies a speakers event to the slot it is about. An invitation or a
    /// confirmation sets the presentation title it carries (none: none);
    /// the other changes keep the slot's.
    public static func apply(
        _ change: SlotChange, to existing: SpeakerSlot?, sessionId: Identifier, speakerId: Identifier, role: SpeakerRole,
        occurredAt: Date, presentationTitle: String? = nil
    ) -> SlotDecision {
        if let existing, existing.asOf > occurredAt { return .ignore }
        let title = change.carriesTitle ? presentationTitle : existing?.presentationTitle
        let slot = SpeakerSlot(
            sessionId: sessionId, speakerId: speakerId, role: role, status: change.status, asOf: occurredAt, presentationTitle: title
        )
        let wasTaken = existing?.status.isTaken ?? true
        return .write(slot, reopened: wasTaken && !change.status.isTaken)
    }

    /// The agenda is ready when the event has at least one session that
    /// needs speakers and every such session that is not cancelled has its
    /// required role (primary speaker; moderator for panels) confirmed.
    public static func isReady(sessions: [AgendaSession], slots: [SpeakerSlot]) -> Bool {
        let needing = sessions.filter { $0.status == .scheduled && $0.type.requiredRole != nil }
        guard !needing.isEmpty else { return false }
        return needing.allSatisfy { session in
            slots.contains { slot in
                slot.sessionId == session.id && slot.status == .confirmed && slot.role == session.type.requiredRole
            }
        }
    }

    /// The moves the invitation saga makes on its own after a slot or the
    /// sessions changed: the first invitation takes a `planning` or
    /// `topic_defined` event to `speakers_invited`; a ready agenda takes
    /// `speakers_invited` to `agenda_draft`; an agenda no longer ready takes
    /// `agenda_draft` back to `speakers_invited`. Later statuses are left
    /// alone (a published agenda is not unpublished by a decline; the slot
    /// reopening is announced instead).
    public static func followUps(
        _ event: Event, invitation: Bool, ready: Bool, now: Date
    ) -> [StatusChange] {
        var changes: [StatusChange] = []
        var current = event
        func step(_ target: EventStatus) {
            precondition(current.status.canMove(to: target), "saga move \(current.status) → \(target) is not in the table")
            let change = EventRules.move(current, to: target, now: now)
            changes.append(change)
            current.status = target
            current.publishedAt = change.publishedAt
        }
        if invitation && (current.status == .planning || current.status == .topicDefined) {
            step(.speakersInvited)
        }
        if current.status == .speakersInvited && ready {
            step(.agendaDraft)
        } else if current.status == .agendaDraft && !ready {
            step(.speakersInvited)
        }
        return changes
    }
}
