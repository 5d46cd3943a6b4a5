import Identifiers
import Messaging
import Postgres

/// companies.CompanyDeactivated: speakers' copy of the company is marked
/// inactive, with the time companies gives. Its speakers and their
/// assignments stay as they are (docs/events-speakers.md).
enum CompanyDeactivationHandler {
    static func companyDeactivated(
        _ envelope: Envelope<CompanyDeactivated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        try SpeakerStore.lockCompany(data.companyId, db)
        guard try SpeakerStore.deactivateCompany(data.companyId, at: data.deactivatedAt, now: context.now, db) else {
            throw CompanyNotYetKnown(description: "company \(data.companyId) is not in speakers' copy yet")
        }
    }
}
