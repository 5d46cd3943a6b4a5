public import Foundation
public import Identifiers
public import Messaging

/// The pure decisions of the companies context: state and command in,
/// new state and events out, or a `CommandRejection`.
public enum CompanyDecisions {
    /// `CreateCompany`. `newId` is used when the command names no id;
    /// `partnership` is what the partners context said about this id already
    /// (it wins over the command's `isPartner`, since partners owns partnerships).
    public static func create(
        _ command: CreateCompany, existing: Company?, newId: Identifier, partnership: PartnershipRecord?
    ) throws(CommandRejection) -> (Company, CompanyCreated) {
        let name = try Field.required(command.name, "name", maxLength: CompanyLimits.name)
        let displayName = try Field.required(command.displayName, "displayName", maxLength: CompanyLimits.displayName)
        let industry = try Field.required(command.industry, "industry", maxLength: CompanyLimits.industry)
        let website = try Field.website(command.website)
        let employeeCount = try Field.employeeCount(command.employeeCount)
        let description = try Field.optional(command.description, "description")
        let createdBy = try Field.required(command.createdBy, "createdBy")
        if let existing {
            throw CommandRejection("company_exists", "company \(existing.id) exists already")
        }
        let company = Company(
            id: command.companyId ?? newId, name: name, displayName: displayName,
            isPartner: partnership?.isActive ?? command.isPartner ?? false, website: website, industry: industry,
            employeeCount: employeeCount, description: description, createdBy: createdBy
        )
        let event = CompanyCreated(
            companyId: company.id, name: company.name, isPartner: company.isPartner, displayName: company.displayName,
            industry: company.industry, employeeCount: company.employeeCount
        )
        return (company, event)
    }

    /// `UpdateCompany`: validates the fields given, applies them, and reports
    /// those whose value actually changed (none is a valid answer: the
    /// company already looks like that).
    public static func update(_ command: UpdateCompany, existing: Company?) throws(CommandRejection) -> (Company, CompanyUpdated) {
        let companyId = try Field.required(command.companyId, "companyId")
        let givesSomething =
            command.name != nil || command.displayName != nil || command.isPartner != nil
            || command.website != nil || command.industry != nil || command.employeeCount != nil
            || command.description != nil
        guard givesSomething else {
            throw CommandRejection("no_changes", "UpdateCompany must give at least one field to change")
        }
        // A field that is given must be valid even if blank: blank cannot clear a required field.
        let name = try command.name.map { (value) throws(CommandRejection) in
            try Field.required(value, "name", maxLength: CompanyLimits.name)
        }
        let displayName = try command.displayName.map { (value) throws(CommandRejection) in
            try Field.required(value, "displayName", maxLength: CompanyLimits.displayName)
        }
        let industry = try command.industry.map { (value) throws(CommandRejection) in
            try Field.required(value, "industry", maxLength: CompanyLimits.industry)
        }
        let website = try Field.website(command.website)
        let employeeCount = try Field.employeeCount(command.employeeCount)
        let description = try Field.optional(command.description, "description")
        guard var company = existing else {
            throw CommandRejection("unknown_company", "no company \(companyId)")
        }
        var event = CompanyUpdated(companyId: company.id)
        if let name, name != company.name {
            company.name = name
            event.name = name
        }
        if let displayName, displayName != company.displayName {
            company.displayName = displayName
            event.displayName = displayName
        }
        if let isPartner = command.isPartner, isPartner != company.isPartner {
            company.isPartner = isPartner
            event.isPartner = isPartner
        }
        if let website, website != company.website {
            company.website = website
            event.website = website
        }
        if let industry, industry != company.industry {
            company.industry = industry
            event.industry = industry
        }
        if let employeeCount, employeeCount != company.employeeCount {
            company.employeeCount = employeeCount
            event.employeeCount = employeeCount
        }
        if let description, description != company.description {
            company.description = description
            event.description = description
        }
        return (company, event)
    }

    /// `AttachCompanyLogo`: the new logo becomes current; `current` (if any)
    /// stops being current.
    public static func attachLogo(
        _ command: AttachCompanyLogo, company: Company?, current: CompanyLogo?, newId: Identifier, now: Date
    ) throws(CommandRejection) -> (CompanyLogo, CompanyLogoAttached) {
        let companyId = try Field.required(command.companyId, "companyId")
        let fileId = try Field.required(command.fileId, "fileId", maxLength: CompanyLimits.fileId)
        let fileName = try Field.required(command.fileName, "fileName", maxLength: CompanyLimits.fileName)
        let mimeType = try Field.required(command.mimeType, "mimeType", maxLength: CompanyLimits.mimeType).lowercased()
        let size = try Field.required(command.fileSizeBytes, "fileSizeBytes")
        let s3Key = try Field.required(command.s3Key, "s3Key", maxLength: CompanyLimits.s3Key)
        let uploadedBy = try Field.required(command.uploadedBy, "uploadedBy")
        guard CompanyLimits.logoMimeTypes.contains(mimeType) else {
            throw CommandRejection(
                "unsupported_logo_type", "a logo must be PNG, JPEG, SVG or WebP (\(CompanyLimits.logoMimeTypes.sorted().joined(separator: ", ")))"
            )
        }
        guard size > 0 else {
            throw CommandRejection("invalid_file_size", "fileSizeBytes must be positive, got \(size)")
        }
        guard size <= CompanyLimits.maxLogoBytes else {
            throw CommandRejection("logo_too_large", "a logo may have at most 5 MiB (\(CompanyLimits.maxLogoBytes) bytes), got \(size)")
        }
        guard let company else {
            throw CommandRejection("unknown_company", "no company \(companyId)")
        }
        let logo = CompanyLogo(
            id: newId, companyId: company.id, fileId: fileId, fileName: fileName, mimeType: mimeType,
            fileSizeBytes: size, s3Key: s3Key, uploadedAt: now, uploadedBy: uploadedBy
        )
        let event = CompanyLogoAttached(
            companyId: company.id, logoId: logo.id, fileId: fileId, fileName: fileName, mimeType: mimeType,
            fileSizeBytes: size, s3Key: s3Key, uploadedAt: now, uploadedBy: uploadedBy, replacedLogoId: current?.id
        )
        return (logo, event)
    }

    /// A partnership event from partners. Returns the record to store (nil
    /// when the event is older than what is known: a late redelivery must not
    /// undo a newer change) and the `CompanyUpdated` to publish when the
    /// company's `is_partner` flips.
    public static func partnershipChanged(
        _ incoming: PartnershipRecord, known: PartnershipRecord?, company: Company?
    ) -> (record: PartnershipRecord?, updated: CompanyUpdated?) {
        if let known, known.asOf > incoming.asOf { return (nil, nil) }
        guard let company, company.isPartner != incoming.isActive else { return (incoming, nil) }
        return (incoming, CompanyUpdated(companyId: company.id, isPartner: incoming.isActive))
    }
}
