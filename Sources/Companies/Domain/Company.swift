public import Foundation
public import Identifiers

/// A company as this context keeps it (the `companies` row).
public struct Company: Sendable, Hashable {
    public var id: Identifier
    public var name: String
    public var displayName: String
    public var isPartner: Bool
    public var website: String?
    public var industry: String
    public var employeeCount: Int?
    public var description: String?
    public var headquarters: Address?
    public var socialLinks: SocialLinks
    public var createdBy: Identifier
    /// Set by DeactivateCompany; a deactivated company takes no further change.
    public var deactivatedAt: Date?

    public var isActive: Bool { deactivatedAt == nil }

    public init(
        id: Identifier, name: String, displayName: String, isPartner: Bool, website: String?, industry: String,
        employeeCount: Int?, description: String?, headquarters: Address? = nil, socialLinks: SocialLinks = .none,
        createdBy: Identifier, deactivatedAt: Date? = nil
    ) {
        self.id = id
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
        self.deactivatedAt = deactivatedAt
    }
}

/// A logo (the `company_logos` row).
public struct CompanyLogo: Sendable, Hashable {
    public var id: Identifier
    public var companyId: Identifier
    public var fileId: String
    public var fileName: String
    public var mimeType: String
    public var fileSizeBytes: Int64
    public var s3Key: String
    public var uploadedAt: Date
    public var uploadedBy: Identifier

    public init(
        id: Identifier, companyId: Identifier, fileId: String, fileName: String, mimeType: String, fileSizeBytes: Int64,
        s3Key: String, uploadedAt: Date, uploadedBy: Identifier
    ) {
        self.id = id
        self.companyId = companyId
        self.fileId = fileId
        self.fileName = fileName
        self.mimeType = mimeType
        self.fileSizeBytes = fileSizeBytes
        self.s3Key = s3Key
        self.uploadedAt = uploadedAt
        self.uploadedBy = uploadedBy
    }
}

/// What companies knows of a company's partnership (the newest partnership
/// event seen, by its occurredAt).
public struct PartnershipRecord: Sendable, Hashable {
    public var companyId: Identifier
    public var partnerId: Identifier
    public var isActive: Bool
    public var asOf: Date

    public init(companyId: Identifier, partnerId: Identifier, isActive: Bool, asOf: Date) {
        self.companyId = companyId
        self.partnerId = partnerId
        self.isActive = isActive
        self.asOf = asOf
    }
}
