import Foundation
import Messaging
import Postgres

/// Speaker slots, kept from the speakers context's invitation events: each
/// moves a slot (`SlotChange`), may reopen it, and may move the event on.
enum SlotHandlers {
    /// The handler of one invitation event: they differ only in the change.
    static func slotChanged<M: SpeakerSlotMessage>(_ change: SlotChange) -> HandlerFunction<M> {
        { envelope, context, db in try apply(change, envelope.data.fields, occurredAt: envelope.occurredAt, &context, db) }
    }

    private static func apply(
        _ change: SlotChange, _ data: SpeakerSlotEvent, occurredAt: Date, _ context: inout HandlerContext,
        _ db: isolated PostgresConnection
    ) throws {
        let role = data.role
        // Speakers knows sessions only from our SessionScheduled, so both
        // exist; anything else is nothing events can hold a slot for.
        guard let session = try EventStore.session(data.sessionId, db),
            let event = try EventStore.event(session.eventId, lock: true, db)
        else { return }
        let existing = try EventStore.slot(session: session.id, speaker: data.speakerId, db)
        let decision = Agenda.apply(
            change, to: existing, sessionId: session.id, speakerId: data.speakerId, role: role, occurredAt: occurredAt,
            presentationTitle: data.presentationTitle
        )
        guard case .write(let slot, let reopened) = decision else { return }
        try EventStore.save(slot, eventId: event.id, now: context.now, db)
        // A cancelled event's slots reopen as the cancellation saga releases
        // its speakers: nothing for a person to handle.
        if reopened && session.status == .scheduled && event.status != .cancelled {
            try context.publish(
                SpeakerSlotReopened(
                    eventId: event.id, sessionId: session.id, speakerId: data.speakerId, role: role.rawValue,
                    cause: change.rawValue, reason: data.reason
                ))
        }
        // Every speaker message answers an invitation that was made, and
        // lanes or replicas may take a SpeakerConfirmed before its
        // SpeakerInvited (whose older slot is then ignored above): each counts
        // as the invitation, or the event would stay in `planning`.
        try EventHandlers.followUps(event, invitation: true, &context, db)
        try ProgrammeHandlers.refresh(event.id, .speakerSlotChanged, &context, db)
    }
}
