import Identifiers
import Messaging
import Postgres

/// Rebuilding a partner's analytics rows from the stored facts, shared by
/// the commands and the fact handlers.
enum Recalculation {
    /// Recalculates the company's partner, if it has an active one.
    @discardableResult
    static func recalculate(company companyId: Identifier, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws -> Int {
        guard let partner = try PartnerStore.partner(ofCompany: companyId, db), partner.isActive else { return 0 }
        return try recalculate(partner, &context, db)
    }

    /// Rebuilds the partner's rows from the stored facts, writes those that
    /// changed and publishes one PartnerAnalyticsRecalculated for each.
    /// The caller holds the company's key (`PartnerLocks`).
    @discardableResult
    static func recalculate(_ partner: Partner, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws -> Int {
        let computed = AnalyticsFormulas.rows(partnerId: partner.id, try PartnerStore.inputs(for: partner, db))
        let changed = AnalyticsFormulas.changed(computed: computed, stored: try PartnerStore.rows(of: partner.id, db))
        for row in changed {
            try PartnerStore.save(row, now: context.now, db)
            try context.publish(row.event)
        }
        return changed.count
    }
}
