import Foundation
import Identifiers
public import Messaging
import Postgres

/// The companies worker: company records and logos, and the `is_partner`
/// flag kept in step with the partners context.
public enum CompaniesWorker {
    public static let name = "companies"

    public static func definition() -> WorkerDefinition {
        WorkerDefinition(
            name: name,
            publishes: [
                CompanyCreated.self, CompanyUpdated.self, CompanyLogoAttached.self, CompanyLogoRemoved.self, CompanyDeactivated.self,
            ],
            handlers: [
                .handle(CreateCompany.self, locking: CompanyLocks.createCompany, with: createCompany),
                .handle(UpdateCompany.self, locking: CompanyLocks.updateCompany, with: updateCompany),
                .handle(AttachCompanyLogo.self, locking: CompanyLocks.attachCompanyLogo, with: attachCompanyLogo),
                .handle(RemoveCompanyLogo.self, locking: CompanyLocks.removeCompanyLogo, with: removeCompanyLogo),
                .handle(DeactivateCompany.self, locking: CompanyLocks.deactivateCompany, with: deactivateCompany),
                .handle(PartnershipStartedNotice.self, locking: CompanyLocks.partnershipStarted, with: partnershipStarted),
                .handle(PartnershipEndedNotice.self, locking: CompanyLocks.partnershipEnded, with: partnershipEnded),
            ]
        )
    }

    // MARK: commands

    static func createCompany(
        _ envelope: Envelope<CreateCompany>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let id = command.companyId ?? Identifier()
        let (company, event) = try CompanyDecisions.create(
            command, existing: try CompanyStore.company(id, db), newId: id,
            partnership: try CompanyStore.partnership(of: id, db)
        )
        try CompanyStore.insert(company, now: context.now, db)
        try context.publish(event)
    }

    static func updateCompany(
        _ envelope: Envelope<UpdateCompany>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        var existing: Company?
        if let id = command.companyId {
            existing = try CompanyStore.company(id, db)
        }
        let (company, event) = try CompanyDecisions.update(command, existing: existing)
        if company != existing { try CompanyStore.update(company, now: context.now, db) }
        try context.publish(event)
    }

    static func attachCompanyLogo(
        _ envelope: Envelope<AttachCompanyLogo>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        var company: Company?
        var current: CompanyLogo?
        if let id = command.companyId {
            company = try CompanyStore.company(id, db)
            current = try CompanyStore.currentLogo(of: id, db)
        }
        let (logo, event) = try CompanyDecisions.attachLogo(
            command, company: company, current: current, newId: Identifier(), now: context.now
        )
        try CompanyStore.replaceCurrentLogo(with: logo, db)
        try context.publish(event)
    }

    static func removeCompanyLogo(
        _ envelope: Envelope<RemoveCompanyLogo>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let company = try command.companyId.flatMap { try CompanyStore.company($0, db) }
        let current = try company.flatMap { try CompanyStore.currentLogo(of: $0.id, db) }
        let event = try CompanyDecisions.removeLogo(command, company: company, current: current, now: context.now)
        try CompanyStore.retireCurrentLogo(of: event.companyId, db)
        try context.publish(event)
    }

    /// Reads companies' copy of the partnership under the company's key, so a
    /// partnership event for it waits until this commits (or runs first).
    static func deactivateCompany(
        _ envelope: Envelope<DeactivateCompany>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let command = envelope.data
        let company = try command.companyId.flatMap { try CompanyStore.company($0, db) }
        let partnership = try command.companyId.flatMap { try CompanyStore.partnership(of: $0, db) }
        let (deactivated, event) = try CompanyDecisions.deactivate(command, company: company, partnership: partnership, now: context.now)
        try CompanyStore.update(deactivated, now: context.now, db)
        try context.publish(event)
    }

    // MARK: partners' events

    static func partnershipStarted(
        _ envelope: Envelope<PartnershipStartedNotice>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let record = PartnershipRecord(
            companyId: envelope.data.companyId, partnerId: envelope.data.partnerId, isActive: true, asOf: envelope.occurredAt
        )
        try partnershipChanged(record, &context, db)
    }

    static func partnershipEnded(
        _ envelope: Envelope<PartnershipEndedNotice>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let record = PartnershipRecord(
            companyId: envelope.data.companyId, partnerId: envelope.data.partnerId, isActive: false, asOf: envelope.occurredAt
        )
        try partnershipChanged(record, &context, db)
    }

    private static func partnershipChanged(
        _ incoming: PartnershipRecord, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        var company = try CompanyStore.company(incoming.companyId, db)
        let (record, updated) = CompanyDecisions.partnershipChanged(
            incoming, known: try CompanyStore.partnership(of: incoming.companyId, db), company: company
        )
        if let record { try CompanyStore.save(record, db) }
        if let updated, var changed = company, let isPartner = updated.isPartner.value {
            changed.isPartner = isPartner
            company = changed
            try CompanyStore.update(changed, now: context.now, db)
            try context.publish(updated)
        }
    }
}
