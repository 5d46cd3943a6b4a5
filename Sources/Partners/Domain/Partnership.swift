public import Identifiers
public import Postgres

/// The data architecture's PartnershipTier.
public enum PartnershipTier: String, Sendable, CaseIterable, Codable {
    case bronze, silver, gold, platinum, strategic

    /// The tier's step (bronze 1 … strategic 5): the "investment" of the ROI
    /// score. Prices are not part of the data model; the order of the tiers is.
    public var weight: Int {
        switch self {
        case .bronze: 1
        case .silver: 2
        case .gold: 3
        case .platinum: 4
        case .strategic: 5
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

    public init(id: Identifier, companyId: Identifier, level: PartnershipTier, startDate: PostgresDate, endDate: PostgresDate?, isActive: Bool) {
        self.id = id
        self.companyId = companyId
        self.level = level
        self.startDate = startDate
        self.endDate = endDate
        self.isActive = isActive
    }
}
