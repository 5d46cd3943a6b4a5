public import Identifiers
public import Postgres

/// The data architecture's PartnershipTier.
public enum PartnershipTier: String, Sendable, CaseIterable, Codable {
    case bronze, silver, gold, platinum, strategic

    /// The weight of the partner's topic votes: the tier's step, bronze 1 …
    /// strategic 5 (docs/analytics.md, "Strategic input").
    public var voteWeight: Int {
        switch self {
        case .bronze: 1
        case .silver: 2
        case .gold: 3
        case .platinum: 4
        case .strategic: 5
        }
    }

    /// The fee of a partnership of this tier, in whole Swiss francs, when
    /// StartPartnership or ChangePartnershipLevel names none.
    public var defaultFee: Int {
        switch self {
        case .bronze: 2_500
        case .silver: 5_000
        case .gold: 10_000
        case .platinum: 20_000
        case .strategic: 40_000
        }
    }

    /// What a partner of this tier gets (README, "Partnership benefits").
    public var benefits: PartnershipBenefits {
        switch self {
        case .bronze:
            PartnershipBenefits(logoPlacement: [.website], freeTicketsPerEvent: 2, speakingSlotsPerYear: 0, newsletterMentionsPerYear: 0)
        case .silver:
            PartnershipBenefits(
                logoPlacement: [.website, .programme], freeTicketsPerEvent: 4, speakingSlotsPerYear: 0, newsletterMentionsPerYear: 1)
        case .gold:
            PartnershipBenefits(
                logoPlacement: [.website, .programme, .venue], freeTicketsPerEvent: 6, speakingSlotsPerYear: 1, newsletterMentionsPerYear: 2)
        case .platinum:
            PartnershipBenefits(
                logoPlacement: [.website, .programme, .venue, .stage], freeTicketsPerEvent: 10, speakingSlotsPerYear: 2,
                newsletterMentionsPerYear: 4)
        case .strategic:
            PartnershipBenefits(
                logoPlacement: [.website, .programme, .venue, .stage], freeTicketsPerEvent: 15, speakingSlotsPerYear: 4,
                newsletterMentionsPerYear: 12)
        }
    }
}

/// A partner (the `partners` row). `PostgresDate` is a plain calendar date.
public struct Partner: Sendable, Hashable {
    public var id: Identifier
    public var companyId: Identifier
    public var level: PartnershipTier
    public var startDate: PostgresDate
    public var endDate: PostgresDate?
    public var isActive: Bool
    /// What the partner pays for its partnership, in whole Swiss francs (> 0).
    public var fee: Int

    public init(
        id: Identifier, companyId: Identifier, level: PartnershipTier, startDate: PostgresDate, endDate: PostgresDate?, isActive: Bool,
        fee: Int
    ) {
        self.id = id
        self.companyId = companyId
        self.level = level
        self.startDate = startDate
        self.endDate = endDate
        self.isActive = isActive
        self.fee = fee
    }
}
