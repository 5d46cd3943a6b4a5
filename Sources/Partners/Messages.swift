public import Foundation
public import Identifiers
public import Messaging

// Payloads (`data`) of the messages the partners worker receives and
// publishes. Field names are the contract's; see schemas/messages/partners.*.json
// and, for the attendees events, schemas/messages/attendees.*.json.
//
// Commands decode required fields as optionals and dates as text on purpose:
// a missing field or an impossible date must be answered with
// CommandRejected, not parked as an undecodable message.

// MARK: commands

/// `partners.StartPartnership`. Dates are `YYYY-MM-DD`; the fee is in whole
/// Swiss francs, the tier's default when absent.
public struct StartPartnership: Command, Hashable {
    public static let name = "StartPartnership"
    public static let context = "partners"
    public static let aggregateType = "Partner"

    public var companyId: Identifier?
    public var partnershipLevel: String?
    public var partnershipStartDate: String?
    public var partnershipEndDate: String?
    public var partnershipFee: Int?

    public init(
        companyId: Identifier?, partnershipLevel: String?, partnershipStartDate: String?, partnershipEndDate: String? = nil,
        partnershipFee: Int? = nil
    ) {
        self.companyId = companyId
        self.partnershipLevel = partnershipLevel
        self.partnershipStartDate = partnershipStartDate
        self.partnershipEndDate = partnershipEndDate
        self.partnershipFee = partnershipFee
    }
}

/// `partners.ChangePartnershipLevel`; the fee as in StartPartnership.
public struct ChangePartnershipLevel: Command, Hashable {
    public static let name = "ChangePartnershipLevel"
    public static let context = "partners"
    public static let aggregateType = "Partner"

    public var partnerId: Identifier?
    public var partnershipLevel: String?
    public var partnershipFee: Int?

    public init(partnerId: Identifier?, partnershipLevel: String?, partnershipFee: Int? = nil) {
        self.partnerId = partnerId
        self.partnershipLevel = partnershipLevel
        self.partnershipFee = partnershipFee
    }
}

/// `partners.EndPartnership`
public struct EndPartnership: Command, Hashable {
    public static let name = "EndPartnership"
    public static let context = "partners"
    public static let aggregateType = "Partner"

    public var partnerId: Identifier?
    public var partnershipEndDate: String?

    public init(partnerId: Identifier?, partnershipEndDate: String?) {
        self.partnerId = partnerId
        self.partnershipEndDate = partnershipEndDate
    }
}

/// `partners.RecalculatePartnerAnalytics`: one partner, or every active one.
public struct RecalculatePartnerAnalytics: Command, Hashable {
    public static let name = "RecalculatePartnerAnalytics"
    public static let context = "partners"
    public static let aggregateType = "PartnerAnalytics"

    public var partnerId: Identifier?

    public init(partnerId: Identifier? = nil) {
        self.partnerId = partnerId
    }
}

// MARK: events published

/// `partners.PartnershipStarted` (also when an ended partnership of the
/// same company starts again: same partnerId), with the fee and the
/// tier's benefits.
public struct PartnershipStarted: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "PartnershipStarted"
    public static let context = "partners"
    public static let aggregateType = "Partner"
    public var aggregateId: Identifier { partnerId }

    public var partnerId: Identifier
    public var companyId: Identifier
    public var partnershipLevel: String
    public var partnershipStartDate: String
    public var partnershipEndDate: String?
    public var partnershipFee: Int
    public var benefits: PartnershipBenefits

    public init(
        partnerId: Identifier, companyId: Identifier, partnershipLevel: String, partnershipStartDate: String, partnershipEndDate: String?,
        partnershipFee: Int, benefits: PartnershipBenefits
    ) {
        self.partnerId = partnerId
        self.companyId = companyId
        self.partnershipLevel = partnershipLevel
        self.partnershipStartDate = partnershipStartDate
        self.partnershipEndDate = partnershipEndDate
        self.partnershipFee = partnershipFee
        self.benefits = benefits
    }
}

/// `partners.PartnershipLevelChanged`, with the new fee and the new tier's benefits.
public struct PartnershipLevelChanged: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "PartnershipLevelChanged"
    public static let context = "partners"
    public static let aggregateType = "Partner"
    public var aggregateId: Identifier { partnerId }

    public var partnerId: Identifier
    public var companyId: Identifier
    public var partnershipLevel: String
    public var previousLevel: String
    public var partnershipFee: Int
    public var benefits: PartnershipBenefits

    public init(
        partnerId: Identifier, companyId: Identifier, partnershipLevel: String, previousLevel: String, partnershipFee: Int,
        benefits: PartnershipBenefits
    ) {
        self.partnerId = partnerId
        self.companyId = companyId
        self.partnershipLevel = partnershipLevel
        self.previousLevel = previousLevel
        self.partnershipFee = partnershipFee
        self.benefits = benefits
    }
}

/// `partners.PartnershipEnded`
public struct PartnershipEnded: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "PartnershipEnded"
    public static let context = "partners"
    public static let aggregateType = "Partner"
    public var aggregateId: Identifier { partnerId }

    public var partnerId: Identifier
    public var companyId: Identifier
    public var partnershipEndDate: String

    public init(partnerId: Identifier, companyId: Identifier, partnershipEndDate: String) {
        self.partnerId = partnerId
        self.companyId = companyId
        self.partnershipEndDate = partnershipEndDate
    }
}

/// `partners.PartnerAnalyticsRecalculated`: one analytics row that changed.
/// `eventId` is null for the cross-event row (always present in the JSON).
public struct PartnerAnalyticsRecalculated: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "PartnerAnalyticsRecalculated"
    public static let context = "partners"
    public static let aggregateType = "PartnerAnalytics"
    public var aggregateId: Identifier { partnerId }

    public var partnerId: Identifier
    public var eventId: Identifier?
    public var totalEmployeeAttendance: Int
    public var averageAttendancePerEvent: Double
    public var contentEngagementScore: Double
    public var brandExposureScore: Double
    public var roiScore: Double
    public var topicInfluenceScore: Double

    public init(
        partnerId: Identifier, eventId: Identifier?, totalEmployeeAttendance: Int, averageAttendancePerEvent: Double,
        contentEngagementScore: Double, brandExposureScore: Double, roiScore: Double, topicInfluenceScore: Double
    ) {
        self.partnerId = partnerId
        self.eventId = eventId
        self.totalEmployeeAttendance = totalEmployeeAttendance
        self.averageAttendancePerEvent = averageAttendancePerEvent
        self.contentEngagementScore = contentEngagementScore
        self.brandExposureScore = brandExposureScore
        self.roiScore = roiScore
        self.topicInfluenceScore = topicInfluenceScore
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(partnerId, forKey: .partnerId)
        try container.encode(eventId, forKey: .eventId)
        try container.encode(totalEmployeeAttendance, forKey: .totalEmployeeAttendance)
        try container.encode(averageAttendancePerEvent, forKey: .averageAttendancePerEvent)
        try container.encode(contentEngagementScore, forKey: .contentEngagementScore)
        try container.encode(brandExposureScore, forKey: .brandExposureScore)
        try container.encode(roiScore, forKey: .roiScore)
        try container.encode(topicInfluenceScore, forKey: .topicInfluenceScore)
    }
}

/// `partners.PartnerAnalyticsRebuilt`: the answer to RecalculatePartnerAnalytics,
/// published even when no row changed, so the command always gets an answer.
public struct PartnerAnalyticsRebuilt: DomainEvent, Hashable {
    public static let name = "PartnerAnalyticsRebuilt"
    public static let context = "partners"
    public static let aggregateType = "PartnerAnalytics"

    /// The partner asked for; null when every active partner was recalculated.
    public var partnerId: Identifier?
    public var partnersRecalculated: Int
    /// How many PartnerAnalyticsRecalculated events this rebuild published.
    public var rowsChanged: Int

    public init(partnerId: Identifier?, partnersRecalculated: Int, rowsChanged: Int) {
        self.partnerId = partnerId
        self.partnersRecalculated = partnersRecalculated
        self.rowsChanged = rowsChanged
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(partnerId, forKey: .partnerId)
        try container.encode(partnersRecalculated, forKey: .partnersRecalculated)
        try container.encode(rowsChanged, forKey: .rowsChanged)
    }
}

// MARK: events consumed

/// `companies.CompanyCreated`, as far as partners reads it.
public struct CompanyCreatedNotice: DomainEvent, Hashable {
    public static let name = "CompanyCreated"
    public static let context = "companies"
    public static let aggregateType = "Company"

    public var companyId: Identifier
    public var name: String
    public var employeeCount: Int?

    public init(companyId: Identifier, name: String, employeeCount: Int?) {
        self.companyId = companyId
        self.name = name
        self.employeeCount = employeeCount
    }
}

/// `companies.CompanyUpdated`, as far as partners reads it (changed fields
/// only; an employee count of null was cleared: no longer known).
public struct CompanyUpdatedNotice: DomainEvent, Hashable {
    public static let name = "CompanyUpdated"
    public static let context = "companies"
    public static let aggregateType = "Company"

    public var companyId: Identifier
    public var name: String?
    public var employeeCount: Patch<Int>

    public init(companyId: Identifier, name: String? = nil, employeeCount: Patch<Int> = .unchanged) {
        self.companyId = companyId
        self.name = name
        self.employeeCount = employeeCount
    }
}

/// `attendees.AttendeeRegistered` (other fields, e.g. email, are not read).
public struct AttendeeRegistered: DomainEvent, Hashable {
    public static let name = "AttendeeRegistered"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public var attendeeId: Identifier
    public var companyId: Identifier?

    public init(attendeeId: Identifier, companyId: Identifier?) {
        self.attendeeId = attendeeId
        self.companyId = companyId
    }
}

/// `attendees.AttendanceRecorded`
public struct AttendanceRecorded: DomainEvent, Hashable {
    public static let name = "AttendanceRecorded"
    public static let context = "attendees"
    public static let aggregateType = "EventRegistration"

    public var registrationId: Identifier
    public var eventId: Identifier
    public var attendeeId: Identifier
    public var companyId: Identifier?

    public init(registrationId: Identifier, eventId: Identifier, attendeeId: Identifier, companyId: Identifier?) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.companyId = companyId
    }
}

/// `attendees.ContentEngaged`. attendees also sends `engagementId` (the
/// engagement's identity), the attendee's `companyId` at that moment and
/// `engagedAt`; they are read when present.
public struct ContentEngaged: DomainEvent, Hashable {
    public static let name = "ContentEngaged"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public var engagementId: Identifier?
    public var attendeeId: Identifier
    public var companyId: Identifier?
    public var contentType: String
    public var contentId: Identifier
    public var engagementType: String
    public var engagementValue: Double?
    public var engagedAt: Date?

    public init(
        engagementId: Identifier? = nil, attendeeId: Identifier, companyId: Identifier? = nil, contentType: String, contentId: Identifier,
        engagementType: String, engagementValue: Double?, engagedAt: Date? = nil
    ) {
        self.engagementId = engagementId
        self.attendeeId = attendeeId
        self.companyId = companyId
        self.contentType = contentType
        self.contentId = contentId
        self.engagementType = engagementType
        self.engagementValue = engagementValue
        self.engagedAt = engagedAt
    }
}

/// `attendees.AttendeeErased`
public struct AttendeeErased: DomainEvent, Hashable {
    public static let name = "AttendeeErased"
    public static let context = "attendees"
    public static let aggregateType = "Attendee"

    public var attendeeId: Identifier

    public init(attendeeId: Identifier) {
        self.attendeeId = attendeeId
    }
}
