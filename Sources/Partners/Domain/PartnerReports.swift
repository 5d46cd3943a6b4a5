public import Identifiers
public import Messaging

/// The partner report (`ExportPartnerReport`) from what the store read: pure,
/// so the choice of rows and events is tested without a database.
public enum PartnerReports {
    /// The partner the command names: any partner, active or ended (an
    /// ended partnership's rows stay as they were at its end).
    public static func partner(_ command: ExportPartnerReport, existing: Partner?) throws(CommandRejection) -> Partner {
        let partnerId = try Field.required(command.partnerId, "partnerId")
        guard let existing else { throw CommandRejection("unknown_partner", "no partner \(partnerId)") }
        return existing
    }

    /// The cross-event row first (zeros when never written), then the event
    /// rows in event id order, or only the asked event's (zeros when none);
    /// the counts of every event with attendance or placed engagement, or
    /// only the asked one's.
    public static func report(
        partner: Partner, companyName: String?, eventId: Identifier?, stored: [Identifier?: AnalyticsFigures],
        attendanceByEvent: [Identifier: Int], engagementsByEvent: [Identifier: Int], unplacedEngagements: Int,
        strategicInput: PartnerReportExported.StrategicInput
    ) -> PartnerReportExported {
        let events = eventId.map { [$0] } ?? Set(attendanceByEvent.keys).union(engagementsByEvent.keys).sorted()
        let rowEvents = eventId.map { [$0] } ?? stored.keys.compactMap { $0 }.sorted()
        let rows = [nil] + rowEvents.map(Optional.some)
        return PartnerReportExported(
            partner: partner, companyName: companyName, eventId: eventId,
            analytics: rows.map { AnalyticsRow(partnerId: partner.id, eventId: $0, figures: stored[$0] ?? .zero).event },
            events: events.map {
                PartnerReportExported.EventCounts(
                    eventId: $0, attendance: attendanceByEvent[$0] ?? 0, engagements: engagementsByEvent[$0] ?? 0
                )
            },
            unplacedEngagements: unplacedEngagements, strategicInput: strategicInput
        )
    }
}
