public import Foundation
public import Identifiers

/// partners' copy of a company: name and employee count, each with the
/// occurredAt of the event that set it.
public struct CompanyCopy: Hashable, Sendable {
    public var name: String?
    public var nameAsOf: Date?
    public var employeeCount: Int?
    public var employeeCountAsOf: Date?
    /// When companies deactivated it (CompanyDeactivated's occurredAt).
    public var deactivatedAt: Date?

    public init(
        name: String? = nil, nameAsOf: Date? = nil, employeeCount: Int? = nil, employeeCountAsOf: Date? = nil, deactivatedAt: Date? = nil
    ) {
        self.name = name
        self.nameAsOf = nameAsOf
        self.employeeCount = employeeCount
        self.employeeCountAsOf = employeeCountAsOf
        self.deactivatedAt = deactivatedAt
    }
}

/// Attendee → company. After erasure only the bare id and `erased` remain.
public struct AttendeeLink: Hashable, Sendable {
    public var companyId: Identifier?
    public var erased: Bool

    public init(companyId: Identifier?, erased: Bool = false) {
        self.companyId = companyId
        self.erased = erased
    }
}

/// One attended registration.
public struct AttendanceFact: Hashable, Sendable {
    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier?
    /// The company the attendee had when attendance was recorded; when nil,
    /// the attendee's link decides.
    public var companyId: Identifier?

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier?, companyId: Identifier?) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.companyId = companyId
    }
}

/// One engagement, identified by its engagementId (or, lacking one, the
/// id of the message that reported it).
public struct EngagementFact: Hashable, Sendable {
    public var engagementId: Identifier
    public var attendeeId: Identifier?
    /// The company the event named; when nil, the attendee's link decides.
    public var companyId: Identifier?
    public var contentType: String
    public var contentId: Identifier
    public var engagementType: String
    public var engagementValue: Double?

    public init(
        engagementId: Identifier, attendeeId: Identifier?, companyId: Identifier?, contentType: String, contentId: Identifier,
        engagementType: String, engagementValue: Double?
    ) {
        self.engagementId = engagementId
        self.attendeeId = attendeeId
        self.companyId = companyId
        self.contentType = contentType
        self.contentId = contentId
        self.engagementType = engagementType
        self.engagementValue = engagementValue
    }
}

/// How each incoming fact changes partners' copies, and which companies'
/// partners must be recalculated because of it. Pure: the handlers load the
/// rows named here, call these, and write back what they return.
public enum FactIngestion {
    /// A copy changes field by field, each only by a newer event than the
    /// one that set it. Recalculate when the employee count changed.
    public static func companyCreated(
        _ event: CompanyCreatedNotice, at occurredAt: Date, copy: CompanyCopy?
    ) -> (copy: CompanyCopy, recalculate: Bool) {
        var next = copy ?? CompanyCopy()
        if next.nameAsOf.map({ occurredAt >= $0 }) ?? true {
            next.name = event.name
            next.nameAsOf = occurredAt
        }
        if next.employeeCountAsOf.map({ occurredAt >= $0 }) ?? true {
            next.employeeCount = event.employeeCount
            next.employeeCountAsOf = occurredAt
        }
        return (next, next.employeeCount != copy?.employeeCount)
    }

    public static func companyUpdated(
        _ event: CompanyUpdatedNotice, at occurredAt: Date, copy: CompanyCopy?
    ) -> (copy: CompanyCopy, recalculate: Bool) {
        var next = copy ?? CompanyCopy()
        if let name = event.name, next.nameAsOf.map({ occurredAt >= $0 }) ?? true {
            next.name = name
            next.nameAsOf = occurredAt
        }
        if event.employeeCount.isGiven, next.employeeCountAsOf.map({ occurredAt >= $0 }) ?? true {
            next.employeeCount = event.employeeCount.value
            next.employeeCountAsOf = occurredAt
        }
        return (next, next.employeeCount != copy?.employeeCount)
    }

    /// CompanyDeactivated: the copy remembers it (deactivation is final, so
    /// the first time seen stays). The copy row may be the first news of the
    /// company; it then counts as known, and deactivated.
    public static func companyDeactivated(at occurredAt: Date, copy: CompanyCopy?) -> CompanyCopy {
        var next = copy ?? CompanyCopy()
        next.deactivatedAt = next.deactivatedAt ?? occurredAt
        return next
    }

    /// AttendeeRegistered sets the attendee's company (it is the attendees
    /// context's word on it); a registration without company clears nothing,
    /// so the outcome does not depend on whether an AttendanceRecorded with
    /// a company came first. Both the old and the new company are
    /// recalculated when it changes. Ignored after erasure.
    public static func attendeeRegistered(
        _ event: AttendeeRegistered, link: AttendeeLink?
    ) -> (link: AttendeeLink?, recalculate: Set<Identifier>) {
        if link?.erased == true { return (nil, []) }
        if let link {
            guard let company = event.companyId, company != link.companyId else { return (nil, []) }
            return (AttendeeLink(companyId: company), Set([link.companyId, company].compactMap { $0 }))
        }
        return (AttendeeLink(companyId: event.companyId), Set([event.companyId].compactMap { $0 }))
    }

    /// AttendanceRecorded: one fact per registration, whatever the number of
    /// deliveries; a later delivery can only fill in a company the first one
    /// lacked. The attendee's link is created (or its company filled) from
    /// the fact's company, unless AttendeeRegistered said otherwise.
    public static func attendanceRecorded(
        _ event: AttendanceRecorded, link: AttendeeLink?, existing: AttendanceFact?
    ) -> (link: AttendeeLink?, fact: AttendanceFact?, recalculate: Set<Identifier>) {
        let (nextLink, erased) = linkAfterFact(naming: event.companyId, link: link)
        var fact: AttendanceFact?
        if let existing {
            if existing.companyId == nil, let company = event.companyId {
                fact = existing
                fact?.companyId = company
            }
        } else {
            fact = AttendanceFact(
                registrationId: event.registrationId, eventId: event.eventId,
                attendeeId: erased ? nil : event.attendeeId, companyId: event.companyId
            )
        }
        return (nextLink, fact, affected(changed: fact != nil, factCompany: fact?.companyId, link: link, nextLink: nextLink))
    }

    /// ContentEngaged: like attendance, one fact per engagement however often
    /// it is reported, attributed to the company it names or, naming none,
    /// through the attendee's link when the analytics are computed, so an
    /// engagement that arrives before AttendeeRegistered counts once the link
    /// exists.
    public static func contentEngaged(
        _ event: ContentEngaged, messageId: Identifier, link: AttendeeLink?, existing: EngagementFact?
    ) -> (link: AttendeeLink?, fact: EngagementFact?, recalculate: Set<Identifier>) {
        let (nextLink, erased) = linkAfterFact(naming: event.companyId, link: link)
        var fact: EngagementFact?
        if let existing {
            if existing.companyId == nil, let company = event.companyId {
                fact = existing
                fact?.companyId = company
            }
        } else {
            fact = EngagementFact(
                engagementId: event.engagementId ?? messageId, attendeeId: erased ? nil : event.attendeeId,
                companyId: event.companyId, contentType: event.contentType, contentId: event.contentId,
                engagementType: event.engagementType,
                // engagement_value is numeric(5,2); a value it cannot hold is dropped, not the fact.
                engagementValue: event.engagementValue.flatMap { $0.isFinite && abs($0) < 1000 ? $0 : nil }
            )
        }
        return (nextLink, fact, affected(changed: fact != nil, factCompany: fact?.companyId, link: link, nextLink: nextLink))
    }

    /// The link after a fact naming `company`: created when the attendee is
    /// new, its company filled when it had none; never changed after erasure.
    private static func linkAfterFact(naming company: Identifier?, link: AttendeeLink?) -> (next: AttendeeLink?, erased: Bool) {
        guard let link else { return (AttendeeLink(companyId: company), false) }
        if !link.erased, link.companyId == nil, let company { return (AttendeeLink(companyId: company), false) }
        return (nil, link.erased)
    }

    /// Companies whose partner must be recalculated after a fact: the one a
    /// new or changed fact counts for, and a company the link just gained,
    /// since the attendee's earlier facts without company now count for it.
    private static func affected(changed: Bool, factCompany: Identifier?, link: AttendeeLink?, nextLink: AttendeeLink?) -> Set<Identifier> {
        var companies = Set<Identifier>()
        if changed, let company = factCompany ?? (nextLink ?? link)?.companyId { companies.insert(company) }
        if link != nil, let gained = nextLink?.companyId { companies.insert(gained) }
        return companies
    }

    /// AttendeeErased: the attendee's facts keep the company they count for
    /// (`freezeCompany` fills facts that had none) and lose the attendee id;
    /// the link keeps only the bare id, marked erased. Counts do not change,
    /// so nothing is recalculated.
    public static func attendeeErased(link: AttendeeLink?) -> (link: AttendeeLink, freezeCompany: Identifier?) {
        (AttendeeLink(companyId: nil, erased: true), link?.erased == true ? nil : link?.companyId)
    }
}
