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
        let headquarters = try command.headquarters.map { (input) throws(CommandRejection) in try Field.address(input) }
        let socialLinks =
            try command.socialLinks.map { (input) throws(CommandRejection) in
                try Field.socialLinks(input, over: .none)
            } ?? .none
        let createdBy = try Field.required(command.createdBy, "createdBy")
        if let existing {
            throw CommandRejection("company_exists", "company \(existing.id) exists already")
        }
        let company = Company(
            id: command.companyId ?? newId, name: name, displayName: displayName,
            isPartner: partnership?.isActive ?? command.isPartner ?? false, website: website, industry: industry,
            employeeCount: employeeCount, description: description, headquarters: headquarters, socialLinks: socialLinks,
            createdBy: createdBy
        )
        let event = CompanyCreated(
            companyId: company.id, name: company.name, isPartner: company.isPartner, displayName: company.displayName,
            industry: company.industry, employeeCount: company.employeeCount, headquarters: headquarters, socialLinks: socialLinks
        )
        return (company, event)
    }

    /// `UpdateCompany`: validates the fields given, applies them (null
    /// clears an optional field), and reports those whose value actually
    /// changed (none is a valid answer: the company already looks like that).
    public static func update(_ command: UpdateCompany, existing: Company?) throws(CommandRejection) -> (Company, CompanyUpdated) {
        let companyId = try Field.required(command.companyId, "companyId")
        let givesSomething = [
            command.name.isGiven, command.displayName.isGiven, command.isPartner.isGiven, command.website.isGiven,
            command.industry.isGiven, command.employeeCount.isGiven, command.description.isGiven,
            command.headquarters.isGiven, command.socialLinks.isGiven,
        ].contains(true)
        guard givesSomething else {
            throw CommandRejection("no_changes", "UpdateCompany must give at least one field to change")
        }
        // A field that is given must be valid even if blank: blank cannot clear a required field.
        let name = try Field.notCleared(command.name, "name").map { (value) throws(CommandRejection) in
            try Field.required(value, "name", maxLength: CompanyLimits.name)
        }
        let displayName = try Field.notCleared(command.displayName, "displayName").map { (value) throws(CommandRejection) in
            try Field.required(value, "displayName", maxLength: CompanyLimits.displayName)
        }
        let industry = try Field.notCleared(command.industry, "industry").map { (value) throws(CommandRejection) in
            try Field.required(value, "industry", maxLength: CompanyLimits.industry)
        }
        let isPartner = try Field.notCleared(command.isPartner, "isPartner")
        let website = try command.website.map { (value) throws(CommandRejection) in try Field.website(value) }
        let employeeCount = try command.employeeCount.map { (value) throws(CommandRejection) in try Field.employeeCount(value) }
        let description = try command.description.map { (value) throws(CommandRejection) in try Field.optional(value, "description") }
        let headquarters = try command.headquarters.map { (input) throws(CommandRejection) in try Field.address(input) }
        guard var company = existing else {
            throw CommandRejection("unknown_company", "no company \(companyId)")
        }
        try requireActive(company)
        let socialLinks = try command.socialLinks.map { (input) throws(CommandRejection) in
            try Field.socialLinks(input, over: company.socialLinks)
        }
        var event = CompanyUpdated(companyId: company.id)
        if let name = name.value, name != company.name {
            company.name = name
            event.name = .set(name)
        }
        if let displayName = displayName.value, displayName != company.displayName {
            company.displayName = displayName
            event.displayName = .set(displayName)
        }
        if let isPartner = isPartner.value, isPartner != company.isPartner {
            company.isPartner = isPartner
            event.isPartner = .set(isPartner)
        }
        if let industry = industry.value, industry != company.industry {
            company.industry = industry
            event.industry = .set(industry)
        }
        // Optional fields: a blank text clears like null does.
        event.website = .change(&company.website, to: website)
        event.employeeCount = .change(&company.employeeCount, to: employeeCount)
        event.description = .change(&company.description, to: description)
        event.headquarters = .change(&company.headquarters, to: headquarters.map { $0 as Address? })
        if let links = socialLinks.applied(to: company.socialLinks), links != company.socialLinks {
            company.socialLinks = links
            event.socialLinks = .set(links)
        } else if case .clear = socialLinks, company.socialLinks != .none {
            company.socialLinks = .none
            event.socialLinks = .set(.none)
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
        try requireActive(company)
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

    /// `RemoveCompanyLogo`: the current logo stops being current. A company
    /// without one is refused `no_logo` (the answer would claim a removal
    /// that did not happen).
    public static func removeLogo(
        _ command: RemoveCompanyLogo, company: Company?, current: CompanyLogo?, now: Date
    ) throws(CommandRejection) -> CompanyLogoRemoved {
        let companyId = try Field.required(command.companyId, "companyId")
        let removedBy = try Field.required(command.removedBy, "removedBy")
        guard let company else { throw CommandRejection("unknown_company", "no company \(companyId)") }
        try requireActive(company)
        guard let current else { throw CommandRejection("no_logo", "company \(companyId) has no current logo") }
        return CompanyLogoRemoved(companyId: company.id, logoId: current.id, removedAt: now, removedBy: removedBy)
    }

    /// `DeactivateCompany`: refused while companies' copy of the partnership
    /// says it is active (partners owns partnerships; end it first).
    public static func deactivate(
        _ command: DeactivateCompany, company: Company?, partnership: PartnershipRecord?, now: Date
    ) throws(CommandRejection) -> (Company, CompanyDeactivated) {
        let companyId = try Field.required(command.companyId, "companyId")
        let deactivatedBy = try Field.required(command.deactivatedBy, "deactivatedBy")
        guard var company else { throw CommandRejection("unknown_company", "no company \(companyId)") }
        try requireActive(company)
        if let partnership, partnership.isActive {
            throw CommandRejection(
                "has_active_partnership", "company \(companyId) has the active partnership \(partnership.partnerId); end it first"
            )
        }
        company.deactivatedAt = now
        return (company, CompanyDeactivated(companyId: company.id, deactivatedAt: now, deactivatedBy: deactivatedBy))
    }

    /// A deactivated company takes no change (deactivation is final).
    static func requireActive(_ company: Company) throws(CommandRejection) {
        guard company.isActive else {
            throw CommandRejection("company_deactivated", "company \(company.id) is deactivated and takes no changes")
        }
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
        return (incoming, CompanyUpdated(companyId: company.id, isPartner: .set(incoming.isActive)))
    }
}
