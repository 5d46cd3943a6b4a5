public import Identifiers
public import Messaging

/// `companies.RemoveCompanyLogo`: the company's current logo stops being
/// current; the company then has none (the row stays, as replaced logos do).
public struct RemoveCompanyLogo: Command, Hashable {
    public static let name = "RemoveCompanyLogo"
    public static let context = "companies"
    public static let aggregateType = "Company"

    public var companyId: Identifier?
    public var removedBy: Identifier?

    public init(companyId: Identifier?, removedBy: Identifier?) {
        self.companyId = companyId
        self.removedBy = removedBy
    }
}
