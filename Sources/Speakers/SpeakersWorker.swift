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
                .handle(RegisterSpeaker.self, with: SpeakerHandlers.registerSpeaker(settings)),
                .handle(InviteSpeaker.self, with: InvitationHandlers.inviteSpeaker(settings)),
                .handle(RespondToInvitation.self, with: InvitationHandlers.respondToInvitation),
                .handle(WithdrawSpeaker.self, with: InvitationHandlers.withdrawSpeaker),
                .handle(SetSpeakerAvailability.self, with: SpeakerHandlers.setSpeakerAvailability),
                .handle(SendInvitationReminder.self, with: InvitationHandlers.sendInvitationReminder),
                .handle(ExpireInvitation.self, with: InvitationHandlers.expireInvitation),
                .handle(CheckSpeakerCompany.self, with: SpeakerHandlers.checkSpeakerCompany),
                .handle(RefreshSpeakerAvailability.self, with: SpeakerHandlers.refreshSpeakerAvailability),
                .handle(UpdateSpeakerProfile.self, with: ProfileHandlers.updateSpeakerProfile(settings)),
                .handle(GetSpeakerProfile.self, with: ProfileHandlers.getSpeakerProfile),
                .handle(EraseSpeaker.self, with: ProfileHandlers.eraseSpeaker),
                .handle(CompanyCreated.self, with: CompanyCopyHandlers.companyCreated),
                .handle(CompanyUpdated.self, with: CompanyCopyHandlers.companyUpdated),
                .handle(EventStatusChanged.self, with: ProfileHandlers.eventStatusChanged),
                .handle(CompanyDeactivated.self, with: CompanyDeactivationHandler.companyDeactivated),
                .handle(SessionScheduled.self, with: SessionHandlers.sessionScheduled),
                .handle(SessionRescheduled.self, with: SessionHandlers.sessionRescheduled),
                .handle(SessionUpdated.self, with: SessionHandlers.sessionUpdated),
                .handle(SessionCancelled.self, with: SessionHandlers.sessionCancelled),
                .handle(EventCancelled.self, with: EventCancellationHandlers.eventCancelled),
            ]
        )
    }
}
