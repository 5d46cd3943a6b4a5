public import Identifiers
public import Messaging

/// `companies.CompanyDeactivated`, as far as partners reads it.
public struct CompanyDeactivatedNotice: DomainEvent, Hashable {
    public static let name = "CompanyDeactivated"
    public static let context = "companies"
    public static let aggregateType = "Company"

    public var companyId: Identifier

    public init(companyId: Identifier) {
        self.companyId = companyId
    }
}
