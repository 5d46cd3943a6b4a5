/// What made events look at a programme again: EventProgrammeChanged's
/// `cause` (EventProgrammePublished's is `published`).
public enum ProgrammeCause: String, Codable, Sendable, CaseIterable {
    case published
    case eventUpdated = "event_updated"
    case sessionScheduled = "session_scheduled"
    case sessionUpdated = "session_updated"
    case sessionRescheduled = "session_rescheduled"
    case sessionCancelled = "session_cancelled"
    case speakerSlotChanged = "speaker_slot_changed"
    case materialAdded = "material_added"
    case materialRemoved = "material_removed"
    case speakerNamed = "speaker_named"
    case speakerErased = "speaker_erased"
}
