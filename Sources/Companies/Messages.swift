public import Foundation
public import Identifiers
public import Messaging

// Payloads (`data`) of the messages the companies worker receives and
// publishes. Field names are the contract's; see schemas/messages/companies.*.json.
//
// Commands decode required fields as optionals on purpose: a missing field
// must be answered with CommandRejected (`missing_field`), not parked as an
// undecodable message.

// MARK: commands

/// `companies.CreateCompany`
public struct CreateCompany: Command, Hashable {
    public static let name = "CreateCompany"
    public static let context = "companies"
    public static let aggregateType = "Company"

    public var companyId: Identifier?
    public var name: String?
    public var displayName: String?
    public var isPartner: Bool?
    public var website: String?
    public var industry: String?
    public var employeeCount: Int?
    public var description: String?
    public var headquarters: AddressInput?
    public var socialLinks: SocialLinksInput?
    public var createdBy: Identifier?

    public init(
        companyId: Identifier? = nil, name: String?, displayName: String?, isPartner: Bool? = nil, website: String? = nil,
        industry: String?, employeeCount: Int? = nil, description: String? = nil, headquarters: AddressInput? = nil,
        socialLinks: SocialLinksInput? = nil, createdBy: Identifier?
    ) {
        self.companyId = companyId
        self.name = name
        self.displayName = displayName
        self.isPartner = isPartner
        self.website = website
        self.industry = industry
        self.employeeCount = employeeCount
        self.description = description
        self.headquarters = headquarters
        self.socialLinks = socialLinks
        self.createdBy = createdBy
    }
}

/// `companies.UpdateCompany`: each member is a patch. Absent leaves the
/// field as it is, null clears it (only optional fields: website,
/// employeeCount, description, headquarters, socialLinks or one link), a
/// value replaces it. `headquarters` is replaced as a whole.
public struct UpdateCompany: Command, Hashable {
    public static let name = "UpdateCompany"
    public static let context = "companies"
    public static let aggregateType = "Company"

    public var companyId: Identifier?
    public var name: Patch<String>
    public var displayName: Patch<String>
    public var isPartner: Patch<Bool>
    public var website: Patch<String>
    public var industry: Patch<String>
    public var employeeCount: Patch<Int>
    public var description: Patch<String>
    public var headquarters: Patch<AddressInput>
    public var socialLinks: Patch<SocialLinksInput>

    public init(
        companyId: Identifier?, name: Patch<String> = .unchanged, displayName: Patch<String> = .unchanged,
        isPartner: Patch<Bool> = .unchanged, website: Patch<String> = .unchanged, industry: Patch<String> = .unchanged,
        employeeCount: Patch<Int> = .unchanged, description: Patch<String> = .unchanged,
        headquarters: Patch<AddressInput> = .unchanged, socialLinks: Patch<SocialLinksInput> = .unchanged
    ) {
        self.companyId = companyId
        self.name = name
        self.displayName = displayName
        self.isPartner = isPartner
        self.website = website
        self.industry = industry
        self.employeeCount = employeeCount
        self.description = description
        self.headquarters = headquarters
        self.socialLinks = socialLinks
    }
}

/// `companies.AttachCompanyLogo`
public struct AttachCompanyLogo: Command, Hashable {
    public static let name = "AttachCompanyLogo"
    public static let context = "companies"
    public static let aggregateType = "Company"

    public var companyId: Identifier?
    public var fileId: String?
    public var fileName: String?
    public var mimeType: String?
    public var fileSizeBytes: Int64?
    public var s3Key: String?
    public var uploadedBy: Identifier?

    public init(
        companyId: Identifier?, fileId: String?, fileName: String?, mimeType: String?, fileSizeBytes: Int64?,
        s3Key: String?, uploadedBy: Identifier?
    ) {
        self.companyId = companyId
        self.fileId = fileId
        self.fileName = fileName
        self.mimeType = mimeType
        self.fileSizeBytes = fileSizeBytes
        self.s3Key = s3Key
        self.uploadedBy = uploadedBy
    }
}

// MARK: events published

/// `companies.CompanyCreated`. `employeeCount` and `headquarters` are always
/// present, null when unknown; `socialLinks` always, `{}` when there is none.
public struct CompanyCreated: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "CompanyCreated"
    public static let context = "companies"
    public static let aggregateType = "Company"
    public var aggregateId: Identifier { companyId }

    public var companyId: Identifier
    public var name: String
    public var isPartner: Bool
    public var displayName: String
    public var industry: String
    public var employeeCount: Int?
    public var headquarters: Address?
    public var socialLinks: SocialLinks

    public init(
        companyId: Identifier, name: String, isPartner: Bool, displayName: String, industry: String, employeeCount: Int?,
        headquarters: Address? = nil, socialLinks: SocialLinks = .none
    ) {
        self.companyId = companyId
        self.name = name
        self.isPartner = isPartner
        self.displayName = displayName
        self.industry = industry
        self.employeeCount = employeeCount
        self.headquarters = headquarters
        self.socialLinks = socialLinks
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(companyId, forKey: .companyId)
        try container.encode(name, forKey: .name)
        try container.encode(isPartner, forKey: .isPartner)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(industry, forKey: .industry)
        try container.encode(employeeCount, forKey: .employeeCount)
        try container.encode(headquarters, forKey: .headquarters)
        try container.encode(socialLinks, forKey: .socialLinks)
    }
}

/// `companies.CompanyUpdated`: the company id and the fields that changed.
/// A changed field has its new value, a cleared one is null, one that did
/// not change is absent. `socialLinks`, when present, is the whole new set.
public struct CompanyUpdated: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "CompanyUpdated"
    public static let context = "companies"
    public static let aggregateType = "Company"
    public var aggregateId: Identifier { companyId }

    public var companyId: Identifier
    public var name: Patch<String>
    public var displayName: Patch<String>
    public var isPartner: Patch<Bool>
    public var website: Patch<String>
    public var industry: Patch<String>
    public var employeeCount: Patch<Int>
    public var description: Patch<String>
    public var headquarters: Patch<Address>
    public var socialLinks: Patch<SocialLinks>

    public init(
        companyId: Identifier, name: Patch<String> = .unchanged, displayName: Patch<String> = .unchanged,
        isPartner: Patch<Bool> = .unchanged, website: Patch<String> = .unchanged, industry: Patch<String> = .unchanged,
        employeeCount: Patch<Int> = .unchanged, description: Patch<String> = .unchanged,
        headquarters: Patch<Address> = .unchanged, socialLinks: Patch<SocialLinks> = .unchanged
    ) {
        self.companyId = companyId
        self.name = name
        self.displayName = displayName
        self.isPartner = isPartner
        self.website = website
        self.industry = industry
        self.employeeCount = employeeCount
        self.description = description
        self.headquarters = headquarters
        self.socialLinks = socialLinks
    }
}

/// `companies.CompanyLogoAttached`
public struct CompanyLogoAttached: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "CompanyLogoAttached"
    public static let context = "companies"
    public static let aggregateType = "Company"
    public var aggregateId: Identifier { companyId }

    public var companyId: Identifier
    public var logoId: Identifier
    public var fileId: String
    public var fileName: String
    public var mimeType: String
    public var fileSizeBytes: Int64
    public var s3Key: String
    public var uploadedAt: Date
    public var uploadedBy: Identifier
    /// The logo that stopped being current, if there was one.
    public var replacedLogoId: Identifier?

    public init(
        companyId: Identifier, logoId: Identifier, fileId: String, fileName: String, mimeType: String, fileSizeBytes: Int64,
        s3Key: String, uploadedAt: Date, uploadedBy: Identifier, replacedLogoId: Identifier?
    ) {
        self.companyId = companyId
        self.logoId = logoId
        self.fileId = fileId
        self.fileName = fileName
        self.mimeType = mimeType
        self.fileSizeBytes = fileSizeBytes
        self.s3Key = s3Key
        self.uploadedAt = uploadedAt
        self.uploadedBy = uploadedBy
        self.replacedLogoId = replacedLogoId
    }
}

// MARK: events consumed (published by partners)

/// `partners.PartnershipStarted`, as far as companies reads it.
public struct PartnershipStartedNotice: DomainEvent, Hashable {
    public static let name = "PartnershipStarted"
    public static let context = "partners"
    public static let aggregateType = "Partner"

    public var partnerId: Identifier
    public var companyId: Identifier

    public init(partnerId: Identifier, companyId: Identifier) {
        self.partnerId = partnerId
        self.companyId = companyId
    }
}

/// `partners.PartnershipEnded`, as far as companies reads it.
public struct PartnershipEndedNotice: DomainEvent, Hashable {
    public static let name = "PartnershipEnded"
    public static let context = "partners"
    public static let aggregateType = "Partner"

    public var partnerId: Identifier
    public var companyId: Identifier

    public init(partnerId: Identifier, companyId: Identifier) {
        self.partnerId = partnerId
        self.companyId = companyId
    }
}
