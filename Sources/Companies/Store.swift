import Foundation
import Identifiers
import Postgres

/// The SQL of the companies context. Every function runs on the handler's
/// connection, inside the kernel's transaction.
enum CompanyStore {
    static func company(_ id: Identifier, _ db: isolated PostgresConnection) throws -> Company? {
        let rows = try db.query(
            """
            SELECT id, name, display_name, COALESCE(is_partner, FALSE) AS is_partner, website, industry,
                   employee_count, description, created_by, headquarters_street, headquarters_postal_code,
                   headquarters_city, headquarters_country, linkedin_url, x_url, deactivated_at
            FROM companies WHERE id = $1
            """,
            [id]
        )
        guard let row = rows.first else { return nil }
        var headquarters: Address?
        if let city = try row.decode(String?.self, column: "headquarters_city"),
            let country = try row.decode(String?.self, column: "headquarters_country")
        {
            headquarters = Address(
                street: try row.decode(String?.self, column: "headquarters_street"),
                postalCode: try row.decode(String?.self, column: "headquarters_postal_code"), city: city, country: country
            )
        }
        return Company(
            id: try row.decode(Identifier.self, column: "id"),
            name: try row.decode(String.self, column: "name"),
            displayName: try row.decode(String.self, column: "display_name"),
            isPartner: try row.decode(Bool.self, column: "is_partner"),
            website: try row.decode(String?.self, column: "website"),
            industry: try row.decode(String?.self, column: "industry") ?? "",
            employeeCount: try row.decode(Int?.self, column: "employee_count"),
            description: try row.decode(String?.self, column: "description"),
            headquarters: headquarters,
            socialLinks: SocialLinks(
                linkedIn: try row.decode(String?.self, column: "linkedin_url"), x: try row.decode(String?.self, column: "x_url")
            ),
            createdBy: try row.decode(Identifier.self, column: "created_by"),
            deactivatedAt: try row.decode(Date?.self, column: "deactivated_at")
        )
    }

    static func insert(_ company: Company, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO companies (id, name, display_name, is_partner, website, industry, employee_count,
                                   description, created_at, updated_at, created_by, headquarters_street,
                                   headquarters_postal_code, headquarters_city, headquarters_country, linkedin_url, x_url)
            VALUES ($1, $2, $3, $4, $5, $6, $7::integer, $8, $9, $9, $10, $11, $12, $13, $14, $15, $16)
            """,
            [
                company.id, company.name, company.displayName, company.isPartner, company.website, company.industry,
                company.employeeCount, company.description, now, company.createdBy, company.headquarters?.street,
                company.headquarters?.postalCode, company.headquarters?.city, company.headquarters?.country,
                company.socialLinks.linkedIn, company.socialLinks.x,
            ]
        )
    }

    static func update(_ company: Company, now: Date, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            UPDATE companies SET name = $2, display_name = $3, is_partner = $4, website = $5, industry = $6,
                   employee_count = $7::integer, description = $8, updated_at = $9, headquarters_street = $10,
                   headquarters_postal_code = $11, headquarters_city = $12, headquarters_country = $13,
                   linkedin_url = $14, x_url = $15, is_active = $16, deactivated_at = $17
            WHERE id = $1
            """,
            [
                company.id, company.name, company.displayName, company.isPartner, company.website, company.industry,
                company.employeeCount, company.description, now, company.headquarters?.street,
                company.headquarters?.postalCode, company.headquarters?.city, company.headquarters?.country,
                company.socialLinks.linkedIn, company.socialLinks.x, company.isActive, company.deactivatedAt,
            ]
        )
    }

    static func currentLogo(of companyId: Identifier, _ db: isolated PostgresConnection) throws -> CompanyLogo? {
        let rows = try db.query(
            """
            SELECT id, company_id, file_id, file_name, mime_type, file_size_bytes, s3_key, uploaded_at, uploaded_by
            FROM company_logos WHERE company_id = $1 AND is_current = TRUE
            """,
            [companyId]
        )
        guard let row = rows.first else { return nil }
        return CompanyLogo(
            id: try row.decode(Identifier.self, column: "id"),
            companyId: try row.decode(Identifier.self, column: "company_id"),
            fileId: try row.decode(String.self, column: "file_id"),
            fileName: try row.decode(String.self, column: "file_name"),
            mimeType: try row.decode(String.self, column: "mime_type"),
            fileSizeBytes: try row.decode(Int64.self, column: "file_size_bytes"),
            s3Key: try row.decode(String.self, column: "s3_key"),
            uploadedAt: try row.decode(Date?.self, column: "uploaded_at") ?? .distantPast,
            uploadedBy: try row.decode(Identifier.self, column: "uploaded_by")
        )
    }

    /// Demotes the current logo first: the partial unique index allows one
    /// current logo per company.
    static func replaceCurrentLogo(with logo: CompanyLogo, _ db: isolated PostgresConnection) throws {
        try db.execute(
            "UPDATE company_logos SET is_current = FALSE WHERE company_id = $1 AND is_current = TRUE", [logo.companyId]
        )
        try db.execute(
            """
            INSERT INTO company_logos (id, company_id, file_id, file_name, mime_type, file_size_bytes, s3_key,
                                       uploaded_at, uploaded_by, is_current)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, TRUE)
            """,
            [
                logo.id, logo.companyId, logo.fileId, logo.fileName, logo.mimeType, logo.fileSizeBytes, logo.s3Key,
                logo.uploadedAt, logo.uploadedBy,
            ]
        )
    }

    /// The current logo stops being current (RemoveCompanyLogo); its row stays.
    static func retireCurrentLogo(of companyId: Identifier, _ db: isolated PostgresConnection) throws {
        try db.execute("UPDATE company_logos SET is_current = FALSE WHERE company_id = $1 AND is_current = TRUE", [companyId])
    }

    static func partnership(of companyId: Identifier, _ db: isolated PostgresConnection) throws -> PartnershipRecord? {
        let rows = try db.query(
            "SELECT company_id, partner_id, is_active, as_of FROM company_partnerships WHERE company_id = $1",
            [companyId]
        )
        guard let row = rows.first else { return nil }
        return PartnershipRecord(
            companyId: try row.decode(Identifier.self, column: "company_id"),
            partnerId: try row.decode(Identifier.self, column: "partner_id"),
            isActive: try row.decode(Bool.self, column: "is_active"),
            asOf: try row.decode(Date.self, column: "as_of")
        )
    }

    static func save(_ record: PartnershipRecord, _ db: isolated PostgresConnection) throws {
        try db.execute(
            """
            INSERT INTO company_partnerships (company_id, partner_id, is_active, as_of) VALUES ($1, $2, $3, $4)
            ON CONFLICT (company_id) DO UPDATE
            SET partner_id = EXCLUDED.partner_id, is_active = EXCLUDED.is_active, as_of = EXCLUDED.as_of
            """,
            [record.companyId, record.partnerId, record.isActive, record.asOf]
        )
    }
}
