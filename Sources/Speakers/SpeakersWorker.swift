public import Messaging

/// The speakers worker: speaker registration and profiles (with the speaking
/// history and GDPR erasure), the invitation saga with its reminder and
/// expiry timers, and compensation when events moves or cancels a session.
public enum SpeakersWorker {
    public static let name = "speakers"

    public static func definition(_ settings: SpeakersSettings = SpeakersSettings()) -> WorkerDefinition {
        WorkerDefinition(
            name: name,
            publishes: [
                SpeakerRegistered.self, SpeakerInvited.self, SpeakerConfirmed.self, SpeakerDeclined.self,
                SpeakerTentative.self, SpeakerWithdrew.self, SpeakerInvitationReminderDue.self,
                SpeakerInvitationExpired.self, SpeakerReleased.self, SpeakerAvailabilityChanged.self,
                SpeakerCompanyUnresolved.self, SpeakerProfileUpdated.self, SpeakerProfileReported.self, SpeakerErased.self,
                // Timers: commands speakers sends itself.
                SendInvitationReminder.self, ExpireInvitation.self, CheckSpeakerCompany.self, RefreshSpeakerAvailability.self,
            ],
            handlers: [
                .handle(RegisterSpeaker.self, locking: AssignmentLocks.registerSpeaker, with: SpeakerHandlers.registerSpeaker(settings)),
                .handle(InviteSpeaker.self, locking: AssignmentLocks.invitation, with: InvitationHandlers.inviteSpeaker(settings)),
                .handle(RespondToInvitation.self, locking: AssignmentLocks.invitation, with: InvitationHandlers.respondToInvitation),
                .handle(WithdrawSpeaker.self, locking: AssignmentLocks.invitation, with: InvitationHandlers.withdrawSpeaker),
                .handle(SetSpeakerAvailability.self, locking: AssignmentLocks.ofSpeaker, with: SpeakerHandlers.setSpeakerAvailability),
                .handle(SendInvitationReminder.self, locking: AssignmentLocks.invitation, with: InvitationHandlers.sendInvitationReminder),
                .handle(ExpireInvitation.self, locking: AssignmentLocks.invitation, with: InvitationHandlers.expireInvitation),
                .handle(CheckSpeakerCompany.self, locking: AssignmentLocks.checkSpeakerCompany, with: SpeakerHandlers.checkSpeakerCompany),
                .handle(RefreshSpeakerAvailability.self, locking: AssignmentLocks.ofSpeaker, with: SpeakerHandlers.refreshSpeakerAvailability),
                .handle(
                    UpdateSpeakerProfile.self, locking: AssignmentLocks.updateSpeakerProfile, with: ProfileHandlers.updateSpeakerProfile(settings)),
                .handle(GetSpeakerProfile.self, with: ProfileHandlers.getSpeakerProfile),
                .handle(EraseSpeaker.self, locking: AssignmentLocks.eraseSpeaker, with: ProfileHandlers.eraseSpeaker),
                .handle(CompanyCreated.self, locking: AssignmentLocks.companyCreated, with: CompanyCopyHandlers.companyCreated),
                .handle(CompanyUpdated.self, locking: AssignmentLocks.companyUpdated, with: CompanyCopyHandlers.companyUpdated),
                .handle(EventStatusChanged.self, locking: AssignmentLocks.eventStatusChanged, with: ProfileHandlers.eventStatusChanged),
                .handle(CompanyDeactivated.self, locking: AssignmentLocks.companyDeactivated, with: CompanyDeactivationHandler.companyDeactivated),
                .handle(SessionScheduled.self, locking: AssignmentLocks.sessionScheduled, with: SessionHandlers.sessionScheduled),
                .handle(SessionRescheduled.self, locking: AssignmentLocks.sessionRescheduled, with: SessionHandlers.sessionRescheduled),
                .handle(SessionUpdated.self, locking: AssignmentLocks.sessionUpdated, with: SessionHandlers.sessionUpdated),
                .handle(SessionCancelled.self, locking: AssignmentLocks.sessionCancelled, with: SessionHandlers.sessionCancelled),
                .handle(EventCancelled.self, locking: AssignmentLocks.eventCancelled, with: EventCancellationHandlers.eventCancelled),
            ]
        )
    }
}
