import Foundation
import Identifiers
public import Messaging
import Postgres

/// The partners worker: partnerships, their contacts and strategic input
/// (topic suggestions and votes), the partner report, and the analytics of
/// active partners recalculated from their employees' attendance and
/// engagement facts and from their input that became events' topics.
public enum PartnersWorker {
    public static let name = "partners"

    public static func definition() -> WorkerDefinition {
        WorkerDefinition(
            name: name,
            publishes: [
                PartnershipStarted.self, PartnershipLevelChanged.self, PartnershipEnded.self,
                PartnerAnalyticsRecalculated.self, PartnerAnalyticsRebuilt.self, PartnerContactAdded.self, PartnerContactUpdated.self,
                PartnerContactRemoved.self, TopicSuggested.self, TopicVoted.self, PartnerReportExported.self,
            ],
            handlers: [
                .handle(StartPartnership.self, locking: PartnerLocks.startPartnership, with: PartnershipHandlers.startPartnership),
                .handle(ChangePartnershipLevel.self, locking: PartnerLocks.changePartnershipLevel, with: PartnershipHandlers.changePartnershipLevel),
                .handle(EndPartnership.self, locking: PartnerLocks.endPartnership, with: PartnershipHandlers.endPartnership),
                .handle(AddPartnerContact.self, locking: PartnerLocks.addPartnerContact, with: ContactHandlers.addPartnerContact),
                .handle(UpdatePartnerContact.self, locking: PartnerLocks.updatePartnerContact, with: ContactHandlers.updatePartnerContact),
                .handle(RemovePartnerContact.self, locking: PartnerLocks.removePartnerContact, with: ContactHandlers.removePartnerContact),
                .handle(SuggestTopic.self, locking: PartnerLocks.suggestTopic, with: StrategicInputHandlers.suggestTopic),
                .handle(VoteTopic.self, locking: PartnerLocks.voteTopic, with: StrategicInputHandlers.voteTopic),
                .handle(ExportPartnerReport.self, locking: PartnerLocks.exportPartnerReport, with: ReportHandlers.exportPartnerReport),
                .handle(RecalculatePartnerAnalytics.self, locking: PartnerLocks.recalculate, with: PartnershipHandlers.recalculatePartnerAnalytics),
                .handle(CompanyCreatedNotice.self, locking: PartnerLocks.companyCreated, with: FactHandlers.companyCreated),
                .handle(CompanyUpdatedNotice.self, locking: PartnerLocks.companyUpdated, with: FactHandlers.companyUpdated),
                .handle(CompanyDeactivatedNotice.self, locking: PartnerLocks.companyDeactivated, with: FactHandlers.companyDeactivated),
                .handle(AttendeeRegistered.self, locking: PartnerLocks.attendeeRegistered, with: FactHandlers.attendeeRegistered),
                .handle(AttendanceRecorded.self, locking: PartnerLocks.attendanceRecorded, with: FactHandlers.attendanceRecorded),
                .handle(ContentEngaged.self, locking: PartnerLocks.contentEngaged, with: FactHandlers.contentEngaged),
                .handle(AttendeeErased.self, locking: PartnerLocks.attendeeErased, with: FactHandlers.attendeeErased),
                .handle(EventTopicDefinedNotice.self, locking: PartnerLocks.eventTopicDefined, with: StrategicInputHandlers.eventTopicDefined),
                .handle(SessionScheduledNotice.self, with: StrategicInputHandlers.sessionScheduled),
            ]
        )
    }
}
