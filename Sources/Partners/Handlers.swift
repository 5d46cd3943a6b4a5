import Identifiers
public import Messaging
import Foundation
import Postgres

/// The partners worker: partnerships, and the analytics of active partners
/// recalculated from the attendance and engagement facts of their employees.
public enum PartnersWorker {
    public static let name = "partners"
    static let partnerAggregate = "Partner"
    static let analyticsAggregate = "PartnerAnalytics"

    public static func definition() -> WorkerDefinition {
        WorkerDefinition(name: name, publishes: .events(["PartnershipStarted", "PartnershipLevelChanged", "PartnershipEnded", "PartnerAnalyticsRecalculated", "PartnerAnalyticsRebuilt"], from: name), handlers: commands + companyEvents + attendeeEvents)
    }

    // MARK: commands

    static let commands: [RegisteredHandler] = [
        RegisteredHandler(.command("StartPartnership", to: name), payload: StartPartnership.self) { envelope, context, db in
            let command = envelope.data
            try PartnerStore.serialise(db)
            var known = false
            var existing: Partner?
            if let companyId = command.companyId {
                known = try PartnerStore.company(companyId, db) != nil
                existing = try PartnerStore.partner(ofCompany: companyId, db)
            }
            let (partner, event) = try PartnershipDecisions.start(command, companyKnown: known, existing: existing, newId: Identifier())
            try PartnerStore.save(partner, now: context.now, db)
            try context.publish("PartnershipStarted", aggregateId: partner.id, aggregateType: partnerAggregate, data: event)
            // Facts that arrived before the partnership count from now on.
            try recalculate(partner, &context, db)
        },
        RegisteredHandler(.command("ChangePartnershipLevel", to: name), payload: ChangePartnershipLevel.self) { envelope, context, db in
            let command = envelope.data
            try PartnerStore.serialise(db)
            let existing = try command.partnerId.flatMap { try PartnerStore.partner($0, db) }
            let (partner, event) = try PartnershipDecisions.changeLevel(command, existing: existing)
            try PartnerStore.save(partner, now: context.now, db)
            try context.publish(
                "PartnershipLevelChanged", aggregateId: partner.id, aggregateType: partnerAggregate, data: event
            )
            // The ROI score depends on the tier.
            try recalculate(partner, &context, db)
        },
        RegisteredHandler(.command("EndPartnership", to: name), payload: EndPartnership.self) { envelope, context, db in
            let command = envelope.data
            try PartnerStore.serialise(db)
            let existing = try command.partnerId.flatMap { try PartnerStore.partner($0, db) }
            let (partner, event) = try PartnershipDecisions.end(command, existing: existing)
            try PartnerStore.save(partner, now: context.now, db)
            try context.publish("PartnershipEnded", aggregateId: partner.id, aggregateType: partnerAggregate, data: event)
        },
        RegisteredHandler(.command("RecalculatePartnerAnalytics", to: name), payload: RecalculatePartnerAnalytics.self) { envelope, context, db in
            try PartnerStore.serialise(db)
            var partners = 0
            var changed = 0
            if let partnerId = envelope.data.partnerId {
                let partner = try PartnershipDecisions.recalculate(partnerId: partnerId, existing: try PartnerStore.partner(partnerId, db))
                changed = try recalculate(partner, &context, db)
                partners = 1
            } else {
                for companyId in try PartnerStore.activePartnerCompanies(db) {
                    guard let partner = try PartnerStore.partner(ofCompany: companyId, db), partner.isActive else { continue }
                    changed += try recalculate(partner, &context, db)
                    partners += 1
                }
            }
            try context.publish(
                "PartnerAnalyticsRebuilt", aggregateId: envelope.data.partnerId?.description ?? "all",
                aggregateType: analyticsAggregate,
                data: PartnerAnalyticsRebuilt(partnerId: envelope.data.partnerId, partnersRecalculated: partners, rowsChanged: changed)
            )
        },
    ]

    // MARK: companies' events

    static let companyEvents: [RegisteredHandler] = [
        RegisteredHandler(.event("CompanyCreated", from: "companies"), payload: CompanyCreatedNotice.self) { envelope, context, db in
            let companyId = envelope.data.companyId
            try PartnerStore.serialise(db)
            let (copy, employeesChanged) = FactIngestion.companyCreated(
                envelope.data, at: envelope.occurredAt, copy: try PartnerStore.company(companyId, db)
            )
            try PartnerStore.save(company: companyId, copy, db)
            if employeesChanged { try recalculate(company: companyId, &context, db) }
        },
        RegisteredHandler(.event("CompanyUpdated", from: "companies"), payload: CompanyUpdatedNotice.self) { envelope, context, db in
            let companyId = envelope.data.companyId
            try PartnerStore.serialise(db)
            let (copy, employeesChanged) = FactIngestion.companyUpdated(
                envelope.data, at: envelope.occurredAt, copy: try PartnerStore.company(companyId, db)
            )
            try PartnerStore.save(company: companyId, copy, db)
            if employeesChanged { try recalculate(company: companyId, &context, db) }
        },
    ]

    // MARK: attendees' events

    /// Several companies are recalculated in id order, so the events they
    /// publish come out in the same order whatever the set's.
    static let attendeeEvents: [RegisteredHandler] = [
        RegisteredHandler(.event("AttendeeRegistered", from: "attendees"), payload: AttendeeRegistered.self) { envelope, context, db in
            let attendeeId = envelope.data.attendeeId
            try PartnerStore.serialise(db)
            let (link, companies) = FactIngestion.attendeeRegistered(envelope.data, link: try PartnerStore.link(attendeeId, db))
            if let link { try PartnerStore.save(link: link, of: attendeeId, db) }
            for companyId in companies.sorted() { try recalculate(company: companyId, &context, db) }
        },
        RegisteredHandler(.event("AttendanceRecorded", from: "attendees"), payload: AttendanceRecorded.self) { envelope, context, db in
            let event = envelope.data
            try PartnerStore.serialise(db)
            let (link, fact, companies) = FactIngestion.attendanceRecorded(
                event, link: try PartnerStore.link(event.attendeeId, db),
                existing: try PartnerStore.attendance(event.registrationId, db)
            )
            if let link { try PartnerStore.save(link: link, of: event.attendeeId, db) }
            if let fact { try PartnerStore.save(attendance: fact, recordedAt: envelope.occurredAt, db) }
            for companyId in companies.sorted() { try recalculate(company: companyId, &context, db) }
        },
        RegisteredHandler(.event("ContentEngaged", from: "attendees"), payload: ContentEngaged.self) { envelope, context, db in
            let event = envelope.data
            try PartnerStore.serialise(db)
            let (link, fact, companies) = FactIngestion.contentEngaged(
                event, messageId: envelope.id, link: try PartnerStore.link(event.attendeeId, db),
                existing: try PartnerStore.engagement(event.engagementId ?? envelope.id, db)
            )
            if let link { try PartnerStore.save(link: link, of: event.attendeeId, db) }
            if let fact { try PartnerStore.save(engagement: fact, engagedAt: event.engagedAt ?? envelope.occurredAt, db) }
            for companyId in companies.sorted() { try recalculate(company: companyId, &context, db) }
        },
        RegisteredHandler(.event("AttendeeErased", from: "attendees"), payload: AttendeeErased.self) { envelope, context, db in
            let attendeeId = envelope.data.attendeeId
            try PartnerStore.serialise(db)
            let (link, freeze) = FactIngestion.attendeeErased(link: try PartnerStore.link(attendeeId, db))
            try PartnerStore.detachFacts(of: attendeeId, freezeCompany: freeze, db)
            try PartnerStore.save(link: link, of: attendeeId, db)
            // An AttendeeRegistered (id and email) may wait in a retry or parking
            // queue; facts naming the id still count (docs/analytics.md).
            try context.forgetMessages(
                mentioning: [attendeeId.description], ofTypes: [.event("AttendeeRegistered", from: "attendees")],
                reason: "attendee_erased"
            )
        },
    ]

    // MARK: recalculation

    /// Recalculates the company's partner, if it has an active one.
    @discardableResult
    private static func recalculate(company companyId: Identifier, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws -> Int {
        guard let partner = try PartnerStore.partner(ofCompany: companyId, db), partner.isActive else { return 0 }
        return try recalculate(partner, &context, db)
    }

    /// Rebuilds the partner's rows from the stored facts, writes those that
    /// changed and publishes one PartnerAnalyticsRecalculated for each.
    /// The caller holds the context's lock (`PartnerStore.serialise`).
    @discardableResult
    private static func recalculate(_ partner: Partner, _ context: inout HandlerContext, _ db: isolated PostgresConnection) throws -> Int {
        let computed = AnalyticsFormulas.rows(partnerId: partner.id, try PartnerStore.inputs(for: partner, db))
        let changed = AnalyticsFormulas.changed(computed: computed, stored: try PartnerStore.rows(of: partner.id, db))
        for row in changed {
            try PartnerStore.save(row, now: context.now, db)
            try context.publish(
                "PartnerAnalyticsRecalculated", aggregateId: partner.id, aggregateType: analyticsAggregate,
                data: row.event
            )
        }
        return changed.count
    }
}
