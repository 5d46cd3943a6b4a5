import Identifiers
import Messaging
import Postgres

/// The partner portal's report: read only, answered with one event.
enum ReportHandlers {
    static func exportPartnerReport(
        _ envelope: Envelope<ExportPartnerReport>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let partner = try PartnerReports.partner(command, existing: try command.partnerId.flatMap { try PartnerStore.partner($0, db) })
        let engagement = try PartnerStore.engagementsByEvent(ofCompany: partner.companyId, db)
        try context.publish(
            PartnerReports.report(
                partner: partner, companyName: try PartnerStore.company(partner.companyId, db)?.name, eventId: command.eventId,
                stored: try PartnerStore.rows(of: partner.id, db),
                attendanceByEvent: try PartnerStore.inputs(for: partner, db).attendanceByEvent,
                engagementsByEvent: engagement.byEvent, unplacedEngagements: engagement.unplaced,
                strategicInput: try PartnerStore.strategicInput(of: partner.id, db)
            ))
    }
}
