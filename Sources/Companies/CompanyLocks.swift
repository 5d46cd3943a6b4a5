import Identifiers
import Messaging
import Postgres

/// The key each companies handler holds while it runs (see
/// `LockKeysFunction`): the company it names. An advisory key works before
/// the company's row exists, which matters when CreateCompany races a
/// partnership event for the same id; different companies run side by side.
enum CompanyLocks {
    static func company(_ id: Identifier?) -> [String] { id.map { ["company:\($0)"] } ?? [] }

    static func createCompany(_ envelope: Envelope<CreateCompany>, _ db: isolated PostgresConnection) throws -> [String] {
        company(envelope.data.companyId)
    }

    static func updateCompany(_ envelope: Envelope<UpdateCompany>, _ db: isolated PostgresConnection) throws -> [String] {
        company(envelope.data.companyId)
    }

    static func attachCompanyLogo(_ envelope: Envelope<AttachCompanyLogo>, _ db: isolated PostgresConnection) throws -> [String] {
        company(envelope.data.companyId)
    }

    static func removeCompanyLogo(_ envelope: Envelope<RemoveCompanyLogo>, _ db: isolated PostgresConnection) throws -> [String] {
        company(envelope.data.companyId)
    }

    static func deactivateCompany(_ envelope: Envelope<DeactivateCompany>, _ db: isolated PostgresConnection) throws -> [String] {
        company(envelope.data.companyId)
    }

    static func partnershipStarted(_ envelope: Envelope<PartnershipStartedNotice>, _ db: isolated PostgresConnection) throws -> [String] {
        company(envelope.data.companyId)
    }

    static func partnershipEnded(_ envelope: Envelope<PartnershipEndedNotice>, _ db: isolated PostgresConnection) throws -> [String] {
        company(envelope.data.companyId)
    }
}
