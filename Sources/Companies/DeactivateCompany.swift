public import Identifiers
public import Messaging

/// `companies.DeactivateCompany`: the company stops taking part (no changes,
/// no new partnership); refused while it has an active partnership.
public struct DeactivateCompany: Command, Hashable {
    public static let name = "DeactivateCompany"
    public static let context = "companies"
    public static let aggregateType = "Company"

    public var companyId: Identifier?
    public var deactivatedBy: Identifier?

    public init(companyId: Identifier?, deactivatedBy: Identifier?) {
        self.companyId = companyId
        self.deactivatedBy = deactivatedBy
    }
}
