public import Messaging

/// The events worker: event and session commands, session materials, the
/// speaker slots and public names fed by the speakers context, the
/// programme, seat keeping for attendees' registrations, and the timed
/// lifecycle (registration closes, the event starts and ends).
public enum EventsWorker {
    public static let name = "events"

    public static func definition(_ settings: EventsSettings = EventsSettings()) -> WorkerDefinition {
        WorkerDefinition(
            name: name,
            publishes: [
                EventCreated.self, EventStatusChanged.self, SessionScheduled.self, SessionRescheduled.self,
                SessionCancelled.self, SpeakerSlotReopened.self, SeatReserved.self, SeatRejected.self, SeatReleased.self,
                EventUpdated.self, EventTopicDefined.self, EventCancelled.self, SessionUpdated.self, SessionMaterialAdded.self,
                SessionMaterialRemoved.self, EventProgrammePublished.self, EventProgrammeChanged.self,
                SessionSeatReserved.self, SessionSeatRejected.self, SessionSeatReleased.self,
                // Timer: a command events sends itself.
                AdvanceEventLifecycle.self,
            ],
            handlers: [
                .handle(CreateEvent.self, with: EventHandlers.createEvent(settings)),
                .handle(UpdateEvent.self, locking: EventLocks.named, with: EventHandlers.updateEvent(settings)),
                .handle(DefineEventTopic.self, locking: EventLocks.named, with: EventHandlers.defineEventTopic),
                .handle(ChangeEventStatus.self, locking: EventLocks.named, with: EventHandlers.changeEventStatus),
                .handle(CancelEvent.self, locking: EventLocks.named, with: LifecycleHandlers.cancelEvent),
                .handle(AdvanceEventLifecycle.self, locking: EventLocks.named, with: LifecycleHandlers.advanceLifecycle(settings)),
                .handle(ScheduleSession.self, locking: EventLocks.named, with: EventHandlers.scheduleSession),
                .handle(RescheduleSession.self, locking: EventLocks.ofSession, with: EventHandlers.rescheduleSession),
                .handle(CancelSession.self, locking: EventLocks.ofSession, with: EventHandlers.cancelSession),
                .handle(UpdateSession.self, locking: EventLocks.ofSession, with: SessionHandlers.updateSession),
                .handle(AddSessionMaterial.self, locking: EventLocks.ofSession, with: MaterialHandlers.addSessionMaterial),
                .handle(RemoveSessionMaterial.self, locking: EventLocks.ofSession, with: MaterialHandlers.removeSessionMaterial),
                .handle(SpeakerInvited.self, locking: SpeakerLocks.slot, with: SlotHandlers.slotChanged(.invited)),
                .handle(SpeakerConfirmed.self, locking: SpeakerLocks.slot, with: SlotHandlers.slotChanged(.confirmed)),
                .handle(SpeakerDeclined.self, locking: SpeakerLocks.slot, with: SlotHandlers.slotChanged(.declined)),
                .handle(SpeakerInvitationExpired.self, locking: SpeakerLocks.slot, with: SlotHandlers.slotChanged(.expired)),
                .handle(SpeakerWithdrew.self, locking: SpeakerLocks.slot, with: SlotHandlers.slotChanged(.withdrawn)),
                .handle(SpeakerReleased.self, locking: SpeakerLocks.slot, with: SlotHandlers.slotChanged(.released)),
                .handle(SpeakerRegistered.self, locking: SpeakerLocks.named, with: SpeakerNameHandlers.speakerNamed()),
                .handle(SpeakerProfileUpdated.self, locking: SpeakerLocks.named, with: SpeakerNameHandlers.speakerNamed()),
                .handle(SpeakerErased.self, locking: SpeakerLocks.erased, with: SpeakerNameHandlers.speakerErased),
                .handle(RegistrationRequested.self, locking: EventLocks.named, with: SeatHandlers.registrationRequested),
                .handle(RegistrationCancelled.self, locking: EventLocks.named, with: SeatHandlers.registrationCancelled),
                .handle(SessionSeatRequested.self, locking: EventLocks.named, with: SessionSeatHandlers.sessionSeatRequested),
                .handle(SessionChoiceDropped.self, locking: EventLocks.named, with: SessionSeatHandlers.sessionChoiceDropped),
            ]
        )
    }
}
