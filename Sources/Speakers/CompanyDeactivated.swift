public import Foundation
public import Identifiers
public import Messaging

/// `companies.CompanyDeactivated`, as far as speakers reads it.
public struct CompanyDeactivated: DomainEvent, Equatable {
    public static let name = "CompanyDeactivated"
    public static let context = "companies"
    public static let aggregateType = "Company"

    public var companyId: Identifier
    public var deactivatedAt: Date

    public init(companyId: Identifier, deactivatedAt: Date) {
        self.companyId = companyId
        self.deactivatedAt = deactivatedAt
    }
}
