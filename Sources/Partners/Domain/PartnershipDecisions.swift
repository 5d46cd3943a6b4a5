public import Identifiers
public import Messaging
public import Postgres

/// The pure decisions on partnerships: state and command in, new state and
/// event out, or a `CommandRejection`.
public enum PartnershipDecisions {
    /// `StartPartnership`. `companyKnown` says whether partners has heard of
    /// the company (CompanyCreated or CompanyUpdated); `existing` is the
    /// company's partner, if it ever had one (one partner per company: an
    /// ended partnership starts again under the same partner id).
    /// `companyDeactivated`: companies said CompanyDeactivated for it.
    public static func start(
        _ command: StartPartnership, companyKnown: Bool, companyDeactivated: Bool = false, existing: Partner?, newId: Identifier
    ) throws(CommandRejection) -> (Partner, PartnershipStarted) {
        let companyId = try Field.required(command.companyId, "companyId")
        let tier = try Field.tier(command.partnershipLevel)
        let fee = try Field.fee(command.partnershipFee, of: tier)
        let start = try Field.date(command.partnershipStartDate, "partnershipStartDate")
        let end = try command.partnershipEndDate.map { (text) throws(CommandRejection) in
            try Field.date(text, "partnershipEndDate")
        }
        if let end, end < start {
            throw CommandRejection("end_before_start", "partnershipEndDate \(end) is before partnershipStartDate \(start)")
        }
        guard companyKnown else {
            throw CommandRejection(
                "unknown_company",
                "partners knows no company \(companyId); if it was just created, retry once companies.CompanyCreated is out"
            )
        }
        guard !companyDeactivated else {
            throw CommandRejection("company_deactivated", "company \(companyId) is deactivated: no new partnership")
        }
        if let existing, existing.isActive {
            throw CommandRejection(
                "duplicate_partnership", "company \(companyId) already has partnership \(existing.id)"
            )
        }
        let partner = Partner(
            id: existing?.id ?? newId, companyId: companyId, level: tier, startDate: start, endDate: end, isActive: true, fee: fee
        )
        let event = PartnershipStarted(
            partnerId: partner.id, companyId: companyId, partnershipLevel: tier.rawValue,
            partnershipStartDate: start.description, partnershipEndDate: end?.description, partnershipFee: fee, benefits: tier.benefits
        )
        return (partner, event)
    }

    /// `ChangePartnershipLevel`, for an active partnership, to another tier;
    /// the fee becomes the command's, or the new tier's default.
    public static func changeLevel(
        _ command: ChangePartnershipLevel, existing: Partner?
    ) throws(CommandRejection) -> (Partner, PartnershipLevelChanged) {
        let partnerId = try Field.required(command.partnerId, "partnerId")
        let tier = try Field.tier(command.partnershipLevel)
        let fee = try Field.fee(command.partnershipFee, of: tier)
        var partner = try active(existing, partnerId)
        guard partner.level != tier else {
            throw CommandRejection("level_unchanged", "partnership \(partnerId) is \(tier.rawValue) already")
        }
        let previous = partner.level
        partner.level = tier
        partner.fee = fee
        return (
            partner,
            PartnershipLevelChanged(
                partnerId: partner.id, companyId: partner.companyId, partnershipLevel: tier.rawValue,
                previousLevel: previous.rawValue, partnershipFee: fee, benefits: tier.benefits
            )
        )
    }

    /// `EndPartnership`: an active partnership ends on a date not before its start.
    public static func end(_ command: EndPartnership, existing: Partner?) throws(CommandRejection) -> (Partner, PartnershipEnded) {
        let partnerId = try Field.required(command.partnerId, "partnerId")
        let end = try Field.date(command.partnershipEndDate, "partnershipEndDate")
        var partner = try active(existing, partnerId)
        guard end >= partner.startDate else {
            throw CommandRejection("end_before_start", "partnershipEndDate \(end) is before partnershipStartDate \(partner.startDate)")
        }
        partner.endDate = end
        partner.isActive = false
        return (partner, PartnershipEnded(partnerId: partner.id, companyId: partner.companyId, partnershipEndDate: end.description))
    }

    /// CompanyDeactivated for a company whose partnership is still active:
    /// only when a StartPartnership overtook the deactivation (companies
    /// refuses to deactivate a company it knows to be a partner). The
    /// partnership ends on the deactivation's day (UTC), or on its start
    /// day if that is later; nil when there is nothing to end.
    public static func endForDeactivation(_ partner: Partner?, on day: PostgresDate) -> (Partner, PartnershipEnded)? {
        guard var partner, partner.isActive else { return nil }
        let end = max(day, partner.startDate)
        partner.endDate = end
        partner.isActive = false
        return (partner, PartnershipEnded(partnerId: partner.id, companyId: partner.companyId, partnershipEndDate: end.description))
    }

    /// `RecalculatePartnerAnalytics` for one partner: it must exist and be
    /// active (the rows of an ended partnership stay as they were at its end).
    public static func recalculate(partnerId: Identifier, existing: Partner?) throws(CommandRejection) -> Partner {
        try active(existing, partnerId)
    }

    private static func active(_ existing: Partner?, _ partnerId: Identifier) throws(CommandRejection) -> Partner {
        guard let partner = existing else {
            throw CommandRejection("unknown_partner", "no partner \(partnerId)")
        }
        guard partner.isActive else {
            throw CommandRejection("partnership_ended", "partnership \(partnerId) has ended")
        }
        return partner
    }
}
