import Identifiers
import Messaging
import Postgres

/// The facts partners keeps of other contexts: companies (name, employee
/// count) and attendees (who works where, attendance, engagement). A fact
/// that changes an active partner's figures recalculates them.
///
/// Several companies are recalculated in id order, so the events they
/// publish come out in the same order whatever the set's.
enum FactHandlers {
    // MARK: companies' events

    static func companyCreated(
        _ envelope: Envelope<CompanyCreatedNotice>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let companyId = envelope.data.companyId
        let (copy, employeesChanged) = FactIngestion.companyCreated(
            envelope.data, at: envelope.occurredAt, copy: try PartnerStore.company(companyId, db)
        )
        try PartnerStore.save(company: companyId, copy, db)
        if employeesChanged { try Recalculation.recalculate(company: companyId, &context, db) }
    }

    static func companyUpdated(
        _ envelope: Envelope<CompanyUpdatedNotice>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let companyId = envelope.data.companyId
        let (copy, employeesChanged) = FactIngestion.companyUpdated(
            envelope.data, at: envelope.occurredAt, copy: try PartnerStore.company(companyId, db)
        )
        try PartnerStore.save(company: companyId, copy, db)
        if employeesChanged { try Recalculation.recalculate(company: companyId, &context, db) }
    }

    /// Remembers the deactivation; a partnership that overtook it is ended
    /// (see `PartnershipDecisions.endForDeactivation`).
    static func companyDeactivated(
        _ envelope: Envelope<CompanyDeactivatedNotice>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let companyId = envelope.data.companyId
        let copy = FactIngestion.companyDeactivated(at: envelope.occurredAt, copy: try PartnerStore.company(companyId, db))
        try PartnerStore.save(company: companyId, copy, db)
        let day = PostgresDate(utcDayOf: copy.deactivatedAt ?? envelope.occurredAt)
        if let (ended, event) = PartnershipDecisions.endForDeactivation(try PartnerStore.partner(ofCompany: companyId, db), on: day) {
            try PartnerStore.save(ended, now: context.now, db)
            try context.publish(event)
        }
    }

    // MARK: attendees' events

    static func attendeeRegistered(
        _ envelope: Envelope<AttendeeRegistered>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let attendeeId = envelope.data.attendeeId
        let (link, companies) = FactIngestion.attendeeRegistered(envelope.data, link: try PartnerStore.link(attendeeId, db))
        if let link { try PartnerStore.save(link: link, of: attendeeId, db) }
        for companyId in companies.sorted() { try Recalculation.recalculate(company: companyId, &context, db) }
    }

    static func attendanceRecorded(
        _ envelope: Envelope<AttendanceRecorded>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let event = envelope.data
        let (link, fact, companies) = FactIngestion.attendanceRecorded(
            event, link: try PartnerStore.link(event.attendeeId, db),
            existing: try PartnerStore.attendance(event.registrationId, db)
        )
        if let link { try PartnerStore.save(link: link, of: event.attendeeId, db) }
        if let fact { try PartnerStore.save(attendance: fact, recordedAt: envelope.occurredAt, db) }
        for companyId in companies.sorted() { try Recalculation.recalculate(company: companyId, &context, db) }
    }

    static func contentEngaged(
        _ envelope: Envelope<ContentEngaged>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let event = envelope.data
        let (link, fact, companies) = FactIngestion.contentEngaged(
            event, messageId: envelope.id, link: try PartnerStore.link(event.attendeeId, db),
            existing: try PartnerStore.engagement(event.engagementId ?? envelope.id, db)
        )
        if let link { try PartnerStore.save(link: link, of: event.attendeeId, db) }
        if let fact { try PartnerStore.save(engagement: fact, engagedAt: event.engagedAt ?? envelope.occurredAt, db) }
        for companyId in companies.sorted() { try Recalculation.recalculate(company: companyId, &context, db) }
    }

    static func attendeeErased(
        _ envelope: Envelope<AttendeeErased>, _ context: inout HandlerContext, _ db: isolated PostgresConnection
    ) throws {
        let attendeeId = envelope.data.attendeeId
        let (link, freeze) = FactIngestion.attendeeErased(link: try PartnerStore.link(attendeeId, db))
        try PartnerStore.detachFacts(of: attendeeId, freezeCompany: freeze, db)
        try PartnerStore.save(link: link, of: attendeeId, db)
        // An AttendeeRegistered (id and email) may wait in a retry or parking
        // queue; facts naming the id still count (docs/analytics.md).
        try context.forgetMessages(mentioning: [attendeeId.description], ofTypes: [AttendeeRegistered.self], reason: "attendee_erased")
    }
}
