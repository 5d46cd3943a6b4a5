public import Foundation
public import Identifiers
public import Messaging

/// `companies.CompanyLogoRemoved`: the company has no current logo any more.
public struct CompanyLogoRemoved: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "CompanyLogoRemoved"
    public static let context = "companies"
    public static let aggregateType = "Company"
    public var aggregateId: Identifier { companyId }

    public var companyId: Identifier
    /// The logo that stopped being current.
    public var logoId: Identifier
    public var removedAt: Date
    public var removedBy: Identifier

    public init(companyId: Identifier, logoId: Identifier, removedAt: Date, removedBy: Identifier) {
        self.companyId = companyId
        self.logoId = logoId
        self.removedAt = removedAt
        self.removedBy = removedBy
    }
}
