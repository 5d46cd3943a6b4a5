import Foundation
import Messaging
import Postgres

/// Speakers' copy of companies, from companies' CompanyCreated and
/// CompanyUpdated. Both take the company's advisory lock first (see
/// `SpeakerStore.lockCompany`).
enum CompanyCopyHandlers {
    static func companyCreated(
        _ envelope: Envelope<CompanyCreated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        try SpeakerStore.lockCompany(data.companyId, db)
        let copy = CompanyCopy.created(data, at: envelope.occurredAt, known: try SpeakerStore.company(data.companyId, db))
        try SpeakerStore.save(copy, now: context.now, db)
        for speakerId in try SpeakerStore.verifySpeakers(of: data.companyId, now: context.now, db) {
            context.cancelTimers(key: SpeakerHandlers.companyTimerKey(speakerId))
        }
    }

    /// An update of a company speakers has not heard of yet is retried until
    /// CompanyCreated arrives (it carries only the fields that changed).
    static func companyUpdated(
        _ envelope: Envelope<CompanyUpdated>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let data = envelope.data
        try SpeakerStore.lockCompany(data.companyId, db)
        guard let known = try SpeakerStore.company(data.companyId, db) else {
            throw CompanyNotYetKnown(description: "CompanyUpdated for \(data.companyId) before CompanyCreated")
        }
        try SpeakerStore.save(known.updated(data, at: envelope.occurredAt), now: context.now, db)
    }
}
