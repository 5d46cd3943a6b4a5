public import Foundation
public import Identifiers
public import Messaging

/// `companies.CompanyDeactivated`: the company is inactive for good; partners
/// starts no partnership for it and speakers marks its copy inactive.
public struct CompanyDeactivated: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "CompanyDeactivated"
    public static let context = "companies"
    public static let aggregateType = "Company"
    public var aggregateId: Identifier { companyId }

    public var companyId: Identifier
    public var deactivatedAt: Date
    public var deactivatedBy: Identifier

    public init(companyId: Identifier, deactivatedAt: Date, deactivatedBy: Identifier) {
        self.companyId = companyId
        self.deactivatedAt = deactivatedAt
        self.deactivatedBy = deactivatedBy
    }
}
