public import Foundation
public import Identifiers

/// Speakers' copy of a company, fed by companies' CompanyCreated and
/// CompanyUpdated. CompanyUpdated carries only the fields that changed, so
/// each group of fields (names, partner flag, details) remembers the
/// `occurredAt` of the event that last set it: an event older than that is
/// ignored for the group, whatever order the events arrive in.
public struct CompanyCopy: Sendable, Equatable {
    public var id: Identifier
    public var name: String
    public var displayName: String
    public var isPartner: Bool
    public var industry: String?
    public var employeeCount: Int?
    public var namesAsOf: Date
    public var partnerAsOf: Date
    public var detailsAsOf: Date

    /// The copy after CompanyCreated (occurred at `at`); `known` is the copy so far.
    public static func created(_ event: CompanyCreated, at: Date, known: CompanyCopy?) -> CompanyCopy {
        let fresh = CompanyCopy(
            id: event.companyId, name: event.name, displayName: event.displayName ?? event.name, isPartner: event.isPartner ?? false,
            industry: event.industry, employeeCount: event.employeeCount, namesAsOf: at, partnerAsOf: at, detailsAsOf: at
        )
        guard var copy = known else { return fresh }
        if at >= copy.namesAsOf {
            (copy.name, copy.displayName, copy.namesAsOf) = (fresh.name, fresh.displayName, at)
        }
        if at >= copy.partnerAsOf { (copy.isPartner, copy.partnerAsOf) = (fresh.isPartner, at) }
        if at >= copy.detailsAsOf {
            (copy.industry, copy.employeeCount, copy.detailsAsOf) = (fresh.industry, fresh.employeeCount, at)
        }
        return copy
    }

    /// The copy after CompanyUpdated (occurred at `at`): the fields it gives,
    /// group by group, unless a newer event already set the group.
    public func updated(_ event: CompanyUpdated, at: Date) -> CompanyCopy {
        var copy = self
        if event.name != nil || event.displayName != nil, at >= namesAsOf {
            copy.name = event.name ?? name
            copy.displayName = event.displayName ?? displayName
            copy.namesAsOf = at
        }
        if let isPartner = event.isPartner, at >= partnerAsOf {
            copy.isPartner = isPartner
            copy.partnerAsOf = at
        }
        if event.industry != nil || event.employeeCount != nil, at >= detailsAsOf {
            copy.industry = event.industry ?? industry
            copy.employeeCount = event.employeeCount ?? employeeCount
            copy.detailsAsOf = at
        }
        return copy
    }
}
