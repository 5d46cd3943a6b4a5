import Identifiers
public import Messaging
import Foundation
import Postgres

/// The companies worker: company records and logos, and the `is_partner`
/// flag kept in step with the partners context.
public enum CompaniesWorker {
    public static let name = "companies"
    static let aggregateType = "Company"

    public static func definition() -> WorkerDefinition {
        WorkerDefinition(name: name, publishes: .events(["CompanyCreated", "CompanyUpdated", "CompanyLogoAttached"], from: name), handlers: [
            RegisteredHandler(.command("CreateCompany", to: name), payload: CreateCompany.self) { envelope, context, db in
                let command = envelope.data
                let id = command.companyId ?? Identifier()
                try CompanyStore.serialise(db)
                let (company, event) = try CompanyDecisions.create(
                    command, existing: try CompanyStore.company(id, db), newId: id,
                    partnership: try CompanyStore.partnership(of: id, db)
                )
                try CompanyStore.insert(company, now: context.now, db)
                try context.publish("CompanyCreated", aggregateId: company.id, aggregateType: aggregateType, data: event)
            },
            RegisteredHandler(.command("UpdateCompany", to: name), payload: UpdateCompany.self) { envelope, context, db in
                let command = envelope.data
                try CompanyStore.serialise(db)
                var existing: Company?
                if let id = command.companyId {
                    existing = try CompanyStore.company(id, db)
                }
                let (company, event) = try CompanyDecisions.update(command, existing: existing)
                if company != existing { try CompanyStore.update(company, now: context.now, db) }
                try context.publish("CompanyUpdated", aggregateId: company.id, aggregateType: aggregateType, data: event)
            },
            RegisteredHandler(.command("AttachCompanyLogo", to: name), payload: AttachCompanyLogo.self) { envelope, context, db in
                let command = envelope.data
                var company: Company?
                var current: CompanyLogo?
                try CompanyStore.serialise(db)
                if let id = command.companyId {
                    company = try CompanyStore.company(id, db)
                    current = try CompanyStore.currentLogo(of: id, db)
                }
                let (logo, event) = try CompanyDecisions.attachLogo(
                    command, company: company, current: current, newId: Identifier(), now: context.now
                )
                try CompanyStore.replaceCurrentLogo(with: logo, db)
                try context.publish(
                    "CompanyLogoAttached", aggregateId: logo.companyId, aggregateType: aggregateType, data: event
                )
            },
            RegisteredHandler(.event("PartnershipStarted", from: "partners"), payload: PartnershipStartedNotice.self) { envelope, context, db in
                try partnershipChanged(
                    PartnershipRecord(
                        companyId: envelope.data.companyId, partnerId: envelope.data.partnerId, isActive: true,
                        asOf: envelope.occurredAt
                    ),
                    &context, db
                )
            },
            RegisteredHandler(.event("PartnershipEnded", from: "partners"), payload: PartnershipEndedNotice.self) { envelope, context, db in
                try partnershipChanged(
                    PartnershipRecord(
                        companyId: envelope.data.companyId, partnerId: envelope.data.partnerId, isActive: false,
                        asOf: envelope.occurredAt
                    ),
                    &context, db
                )
            },
        ])
    }

    private static func partnershipChanged(
        _ incoming: PartnershipRecord, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        try CompanyStore.serialise(db)
        var company = try CompanyStore.company(incoming.companyId, db)
        let (record, updated) = CompanyDecisions.partnershipChanged(
            incoming, known: try CompanyStore.partnership(of: incoming.companyId, db), company: company
        )
        if let record { try CompanyStore.save(record, db) }
        if let updated, var changed = company, let isPartner = updated.isPartner {
            changed.isPartner = isPartner
            company = changed
            try CompanyStore.update(changed, now: context.now, db)
            try context.publish("CompanyUpdated", aggregateId: changed.id, aggregateType: aggregateType, data: updated)
        }
    }
}
