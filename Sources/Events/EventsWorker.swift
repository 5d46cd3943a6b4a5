public import Messaging

/// The events worker: event and session commands, the speaker slots fed by
/// the speakers context, seat keeping for attendees' registrations, and the
/// timed lifecycle (registration closes, the event starts and ends).
public enum EventsWorker {
    public static let name = "events"

    public static func definition(_ settings: EventsSettings = EventsSettings()) -> WorkerDefinition {
        WorkerDefinition(
            name: name,
            publishes: [
                EventCreated.self, EventStatusChanged.self, SessionScheduled.self, SessionRescheduled.self,
                SessionCancelled.self, SpeakerSlotReopened.self, SeatReserved.self, SeatRejected.self, SeatReleased.self,
                EventUpdated.self, EventTopicDefined.self, EventCancelled.self,
                SessionSeatReserved.self, SessionSeatRejected.self, SessionSeatReleased.self,
                // Timer: a command events sends itself.
                AdvanceEventLifecycle.self,
            ],
            handlers: [
                .handle(CreateEvent.self, with: EventHandlers.createEvent(settings)),
                .handle(UpdateEvent.self, with: EventHandlers.updateEvent(settings)),
                .handle(DefineEventTopic.self, with: EventHandlers.defineEventTopic),
                .handle(ChangeEventStatus.self, with: EventHandlers.changeEventStatus),
                .handle(CancelEvent.self, with: LifecycleHandlers.cancelEvent),
                .handle(AdvanceEventLifecycle.self, with: LifecycleHandlers.advanceLifecycle(settings)),
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
                .handle(SessionSeatRequested.self, with: SessionSeatHandlers.sessionSeatRequested),
                .handle(SessionChoiceDropped.self, with: SessionSeatHandlers.sessionChoiceDropped),
            ]
        )
    }
}
