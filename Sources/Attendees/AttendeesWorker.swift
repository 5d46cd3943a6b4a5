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
                AttendeeErased.self,
            ],
            handlers: [
                .handle(RegisterAttendee.self, with: Handlers.registerAttendee),
                .handle(CancelRegistration.self, with: Handlers.cancelRegistration),
                .handle(RecordAttendance.self, with: Handlers.recordAttendance),
                .handle(RecordContentEngagement.self, with: Handlers.recordContentEngagement),
                .handle(EraseAttendee.self, with: Handlers.eraseAttendee),
                .handle(SeatReserved.self, with: Handlers.seatReserved),
                .handle(SeatRejected.self, with: Handlers.seatRejected),
                .handle(SeatReleased.self, with: Handlers.seatReleased),
                .handle(EventCreated.self, with: Handlers.eventCreated),
                .handle(EventStatusChanged.self, with: Handlers.eventStatusChanged),
            ]
        )
    }
}
