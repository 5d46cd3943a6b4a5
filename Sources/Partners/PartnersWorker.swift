import Foundation
import Identifiers
public import Messaging
import Postgres

/// The partners worker: partnerships, and the analytics of active partners
/// recalculated from the attendance and engagement facts of their employees.
public enum PartnersWorker {
    public static let name = "partners"

    public static func definition() -> WorkerDefinition {
        WorkerDefinition(
            name: name,
            publishes: [
                PartnershipStarted.self, PartnershipLevelChanged.self, PartnershipEnded.self,
                PartnerAnalyticsRecalculated.self, PartnerAnalyticsRebuilt.self,
            ],
            handlers: [
                .handle(StartPartnership.self, with: PartnershipHandlers.startPartnership),
                .handle(ChangePartnershipLevel.self, with: PartnershipHandlers.changePartnershipLevel),
                .handle(EndPartnership.self, with: PartnershipHandlers.endPartnership),
                .handle(RecalculatePartnerAnalytics.self, with: PartnershipHandlers.recalculatePartnerAnalytics),
                .handle(CompanyCreatedNotice.self, with: FactHandlers.companyCreated),
                .handle(CompanyUpdatedNotice.self, with: FactHandlers.companyUpdated),
                .handle(AttendeeRegistered.self, with: FactHandlers.attendeeRegistered),
                .handle(AttendanceRecorded.self, with: FactHandlers.attendanceRecorded),
                .handle(ContentEngaged.self, with: FactHandlers.contentEngaged),
                .handle(AttendeeErased.self, with: FactHandlers.attendeeErased),
            ]
        )
    }
}
