public import Messaging

/// The Attendee Experience worker: attendees, their registrations (the
/// attendees side of the seat saga) and their engagement.
public enum AttendeesWorker {
    public static let name = "attendees"

    public static func definition() -> WorkerDefinition {
        WorkerDefinition(
            name: name,
            publishes: [
                AttendeeRegistered.self, RegistrationRequested.self, RegistrationConfirmed.self, RegistrationWaitlisted.self,
                RegistrationRejected.self, RegistrationCancelled.self, AttendanceRecorded.self, ContentEngaged.self,
                AttendeeErased.self, WaitlistClosed.self,
            ],
            handlers: [
                .handle(RegisterAttendee.self, with: RegistrationHandlers.registerAttendee),
                .handle(CancelRegistration.self, with: RegistrationHandlers.cancelRegistration),
                .handle(RecordAttendance.self, with: RegistrationHandlers.recordAttendance),
                .handle(RecordContentEngagement.self, with: RegistrationHandlers.recordContentEngagement),
                .handle(EraseAttendee.self, with: RegistrationHandlers.eraseAttendee),
                .handle(SeatReserved.self, with: SeatSagaHandlers.seatReserved),
                .handle(SeatRejected.self, with: SeatSagaHandlers.seatRejected),
                .handle(SeatReleased.self, with: SeatSagaHandlers.seatReleased),
                .handle(EventCreated.self, with: EventCopyHandlers.eventCreated),
                .handle(EventStatusChanged.self, with: EventCopyHandlers.eventStatusChanged),
                .handle(EventUpdated.self, with: EventCopyHandlers.eventUpdated),
                .handle(EventCancelled.self, with: EventCancellationHandlers.eventCancelled),
            ]
        )
    }
}
