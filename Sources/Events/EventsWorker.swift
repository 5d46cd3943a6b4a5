public import Messaging

/// The events worker: event and session commands, the speaker slots fed by
/// the speakers context, and seat keeping for attendees' registrations.
public enum EventsWorker {
    public static let name = "events"

    public static func definition() -> WorkerDefinition {
        WorkerDefinition(
            name: name,
            publishes: [
                EventCreated.self, EventStatusChanged.self, SessionScheduled.self, SessionRescheduled.self,
                SessionCancelled.self, SpeakerSlotReopened.self, SeatReserved.self, SeatRejected.self, SeatReleased.self,
            ],
            handlers: [
                .handle(CreateEvent.self, with: EventHandlers.createEvent),
                .handle(ChangeEventStatus.self, with: EventHandlers.changeEventStatus),
                .handle(ScheduleSession.self, with: EventHandlers.scheduleSession),
                .handle(RescheduleSession.self, with: EventHandlers.rescheduleSession),
                .handle(CancelSession.self, with: EventHandlers.cancelSession),
                .handle(SpeakerInvited.self, with: SlotHandlers.slotChanged(.invited)),
                .handle(SpeakerConfirmed.self, with: SlotHandlers.slotChanged(.confirmed)),
                .handle(SpeakerDeclined.self, with: SlotHandlers.slotChanged(.declined)),
                .handle(SpeakerInvitationExpired.self, with: SlotHandlers.slotChanged(.expired)),
                .handle(SpeakerWithdrew.self, with: SlotHandlers.slotChanged(.withdrawn)),
                .handle(SpeakerReleased.self, with: SlotHandlers.slotChanged(.released)),
                .handle(RegistrationRequested.self, with: SeatHandlers.registrationRequested),
                .handle(RegistrationCancelled.self, with: SeatHandlers.registrationCancelled),
            ]
        )
    }
}
