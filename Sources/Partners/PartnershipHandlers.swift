import Identifiers
import Messaging
import Postgres

/// The partners worker's commands: partnerships, and rebuilding analytics on demand.
enum PartnershipHandlers {
    static func startPartnership(
        _ envelope: Envelope<StartPartnership>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        var copy: CompanyCopy?
        var existing: Partner?
        if let companyId = command.companyId {
            copy = try PartnerStore.company(companyId, db)
            existing = try PartnerStore.partner(ofCompany: companyId, db)
        }
        let (partner, event) = try PartnershipDecisions.start(
            command, companyKnown: copy != nil, companyDeactivated: copy?.deactivatedAt != nil, existing: existing, newId: Identifier()
        )
        try PartnerStore.save(partner, now: context.now, db)
        try context.publish(event)
        // Facts that arrived before the partnership count from now on.
        try Recalculation.recalculate(partner, &context, db)
    }

    static func changePartnershipLevel(
        _ envelope: Envelope<ChangePartnershipLevel>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let existing = try command.partnerId.flatMap { try PartnerStore.partner($0, db) }
        let (partner, event) = try PartnershipDecisions.changeLevel(command, existing: existing)
        try PartnerStore.save(partner, now: context.now, db)
        try context.publish(event)
        // The ROI score depends on the tier.
        try Recalculation.recalculate(partner, &context, db)
    }

    static func endPartnership(
        _ envelope: Envelope<EndPartnership>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let existing = try command.partnerId.flatMap { try PartnerStore.partner($0, db) }
        let (partner, event) = try PartnershipDecisions.end(command, existing: existing)
        try PartnerStore.save(partner, now: context.now, db)
        try context.publish(event)
    }

    static func recalculatePartnerAnalytics(
        _ envelope: Envelope<RecalculatePartnerAnalytics>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        var partners = 0
        var changed = 0
        if let partnerId = envelope.data.partnerId {
            let partner = try PartnershipDecisions.recalculate(partnerId: partnerId, existing: try PartnerStore.partner(partnerId, db))
            changed = try Recalculation.recalculate(partner, &context, db)
            partners = 1
        } else {
            for companyId in try PartnerStore.activePartnerCompanies(db) {
                guard let partner = try PartnerStore.partner(ofCompany: companyId, db), partner.isActive else { continue }
                changed += try Recalculation.recalculate(partner, &context, db)
                partners += 1
            }
        }
        try context.publish(
            PartnerAnalyticsRebuilt(partnerId: envelope.data.partnerId, partnersRecalculated: partners, rowsChanged: changed),
            aggregateId: envelope.data.partnerId?.description ?? "all"
        )
    }
}
