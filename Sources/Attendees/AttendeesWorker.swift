public import Messaging

/// The Attendee Experience worker: attendees and their profiles, newsletter
/// and consent, their registrations (the attendees side of the seat saga,
/// session choices with their seats, RSVP) and their engagement.
public enum AttendeesWorker {
    public static let name = "attendees"

    public static func definition() -> WorkerDefinition {
        WorkerDefinition(
            name: name,
            publishes: [
                AttendeeRegistered.self, RegistrationRequested.self, RegistrationConfirmed.self, RegistrationWaitlisted.self,
                RegistrationRejected.self, RegistrationCancelled.self, AttendanceRecorded.self, ContentEngaged.self,
                AttendeeErased.self, WaitlistClosed.self, AttendeeProfileUpdated.self, AttendeeProfileReported.self,
                NewsletterSubscriptionChanged.self, ConsentWithdrawn.self, SessionsChosen.self, SessionSeatRequested.self,
                SessionChoiceDropped.self, AttendanceConfirmed.self,
            ],
            handlers: [
                .handle(RegisterAttendee.self, with: RegistrationHandlers.registerAttendee),
                .handle(CancelRegistration.self, locking: EventLocks.cancelRegistration, with: RegistrationHandlers.cancelRegistration),
                .handle(RecordAttendance.self, with: RegistrationHandlers.recordAttendance),
                .handle(RecordContentEngagement.self, with: RegistrationHandlers.recordContentEngagement),
                .handle(EraseAttendee.self, locking: EventLocks.eraseAttendee, with: RegistrationHandlers.eraseAttendee),
                .handle(UpdateAttendeeProfile.self, with: ProfileHandlers.updateAttendeeProfile),
                .handle(GetAttendeeProfile.self, with: ProfileHandlers.getAttendeeProfile),
                .handle(SubscribeNewsletter.self, with: NewsletterHandlers.subscribe),
                .handle(UnsubscribeNewsletter.self, with: NewsletterHandlers.unsubscribe),
                .handle(WithdrawConsent.self, locking: EventLocks.withdrawConsent, with: ConsentHandlers.withdrawConsent),
                .handle(ChooseSessions.self, with: RegistrationDetailHandlers.chooseSessions),
                .handle(ConfirmAttendance.self, with: RegistrationDetailHandlers.confirmAttendance),
                .handle(SeatReserved.self, locking: EventLocks.named, with: SeatSagaHandlers.seatReserved),
                .handle(SeatRejected.self, locking: EventLocks.named, with: SeatSagaHandlers.seatRejected),
                .handle(SeatReleased.self, locking: EventLocks.named, with: SeatSagaHandlers.seatReleased),
                .handle(EventCreated.self, locking: EventLocks.named, with: EventCopyHandlers.eventCreated),
                .handle(EventStatusChanged.self, locking: EventLocks.named, with: EventCopyHandlers.eventStatusChanged),
                .handle(EventUpdated.self, locking: EventLocks.named, with: EventCopyHandlers.eventUpdated),
                .handle(EventCancelled.self, locking: EventLocks.named, with: EventCancellationHandlers.eventCancelled),
                .handle(SessionScheduled.self, with: SessionCopyHandlers.sessionScheduled),
                .handle(SessionCancelled.self, with: SessionCopyHandlers.sessionCancelled),
                .handle(SessionMaterialAdded.self, with: SessionCopyHandlers.sessionMaterialAdded),
                .handle(SessionMaterialRemoved.self, with: SessionCopyHandlers.sessionMaterialRemoved),
                .handle(SessionSeatReserved.self, with: SessionSeatHandlers.sessionSeatReserved),
                .handle(SessionSeatRejected.self, with: SessionSeatHandlers.sessionSeatRejected),
            ]
        )
    }
}
