public import Foundation

// Payloads (`data`) of the messages the partners worker receives and
// publishes. Field names are the contract's; see schemas/messages/partners.*.json
// and, for the attendees events, schemas/messages/attendees.*.json.
//
// Commands decode required fields as optionals and dates as text on purpose:
// a missing field or an impossible date must be answered with
// CommandRejected, not parked as an undecodable message.

// MARK: commands

/// `partners.StartPartnership`. Dates are `YYYY-MM-DD`.
public struct StartPartnership: Codable, Sendable, Hashable {
    public var companyId: UUID?
    public var partnershipLevel: String?
    public var partnershipStartDate: String?
    public var partnershipEndDate: String?

    public init(companyId: UUID?, partnershipLevel: String?, partnershipStartDate: String?, partnershipEndDate: String? = nil) {
        self.companyId = companyId
        self.partnershipLevel = partnershipLevel
        self.partnershipStartDate = partnershipStartDate
        self.partnershipEndDate = partnershipEndDate
    }
}

/// `partners.ChangePartnershipLevel`
public struct ChangePartnershipLevel: Codable, Sendable, Hashable {
    public var partnerId: UUID?
    public var partnershipLevel: String?

    public init(partnerId: UUID?, partnershipLevel: String?) {
        self.partnerId = partnerId
        self.partnershipLevel = partnershipLevel
    }
}

/// `partners.EndPartnership`
public struct EndPartnership: Codable, Sendable, Hashable {
    public var partnerId: UUID?
    public var partnershipEndDate: String?

    public init(partnerId: UUID?, partnershipEndDate: String?) {
        self.partnerId = partnerId
        self.partnershipEndDate = partnershipEndDate
    }
}

/// `partners.RecalculatePartnerAnalytics`: one partner, or every active one.
public struct RecalculatePartnerAnalytics: Codable, Sendable, Hashable {
    public var partnerId: UUID?

    public init(partnerId: UUID? = nil) {
        self.partnerId = partnerId
    }
}

// MARK: events published

/// `partners.PartnershipStarted` (also when an ended partnership of the
/// same company starts again: same partnerId).
public struct PartnershipStarted: Codable, Sendable, Hashable {
    public var partnerId: UUID
    public var companyId: UUID
    public var partnershipLevel: String
    public var partnershipStartDate: String
    public var partnershipEndDate: String?

    public init(partnerId: UUID, companyId: UUID, partnershipLevel: String, partnershipStartDate: String, partnershipEndDate: String?) {
        self.partnerId = partnerId
        self.companyId = companyId
        self.partnershipLevel = partnershipLevel
        self.partnershipStartDate = partnershipStartDate
        self.partnershipEndDate = partnershipEndDate
    }
}

/// `partners.PartnershipLevelChanged`
public struct PartnershipLevelChanged: Codable, Sendable, Hashable {
    public var partnerId: UUID
    public var companyId: UUID
    public var partnershipLevel: String
    public var previousLevel: String

    public init(partnerId: UUID, companyId: UUID, partnershipLevel: String, previousLevel: String) {
        self.partnerId = partnerId
        self.companyId = companyId
        self.partnershipLevel = partnershipLevel
        self.previousLevel = previousLevel
    }
}

/// `partners.PartnershipEnded`
public struct PartnershipEnded: Codable, Sendable, Hashable {
    public var partnerId: UUID
    public var companyId: UUID
    public var partnershipEndDate: String

    public init(partnerId: UUID, companyId: UUID, partnershipEndDate: String) {
        self.partnerId = partnerId
        self.companyId = companyId
        self.partnershipEndDate = partnershipEndDate
    }
}

/// `partners.PartnerAnalyticsRecalculated`: one analytics row that changed.
/// `eventId` is null for the cross-event row (always present in the JSON).
public struct PartnerAnalyticsRecalculated: Codable, Sendable, Hashable {
    public var partnerId: UUID
    public var eventId: UUID?
    public var totalEmployeeAttendance: Int
    public var averageAttendancePerEvent: Double
    public var contentEngagementScore: Double
    public var brandExposureScore: Double
    public var roiScore: Double
    public var topicInfluenceScore: Double

    public init(
        partnerId: UUID, eventId: UUID?, totalEmployeeAttendance: Int, averageAttendancePerEvent: Double,
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
public struct PartnerAnalyticsRebuilt: Codable, Sendable, Hashable {
    /// The partner asked for; null when every active partner was recalculated.
    public var partnerId: UUID?
    public var partnersRecalculated: Int
    /// How many PartnerAnalyticsRecalculated events this rebuild published.
    public var rowsChanged: Int

    public init(partnerId: UUID?, partnersRecalculated: Int, rowsChanged: Int) {
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
public struct CompanyCreatedNotice: Codable, Sendable, Hashable {
    public var companyId: UUID
    public var name: String
    public var employeeCount: Int?

    public init(companyId: UUID, name: String, employeeCount: Int?) {
        self.companyId = companyId
        self.name = name
        self.employeeCount = employeeCount
    }
}

/// `companies.CompanyUpdated`, as far as partners reads it (changed fields only).
public struct CompanyUpdatedNotice: Codable, Sendable, Hashable {
    public var companyId: UUID
    public var name: String?
    public var employeeCount: Int?

    public init(companyId: UUID, name: String? = nil, employeeCount: Int? = nil) {
        self.companyId = companyId
        self.name = name
        self.employeeCount = employeeCount
    }
}

/// `attendees.AttendeeRegistered` (other fields, e.g. email, are not read).
public struct AttendeeRegistered: Codable, Sendable, Hashable {
    public var attendeeId: UUID
    public var companyId: UUID?

    public init(attendeeId: UUID, companyId: UUID?) {
        self.attendeeId = attendeeId
        self.companyId = companyId
    }
}

/// `attendees.AttendanceRecorded`
public struct AttendanceRecorded: Codable, Sendable, Hashable {
    public var registrationId: UUID
    public var eventId: UUID
    public var attendeeId: UUID
    public var companyId: UUID?

    public init(registrationId: UUID, eventId: UUID, attendeeId: UUID, companyId: UUID?) {
        self.registrationId = registrationId
        self.eventId = eventId
        self.attendeeId = attendeeId
        self.companyId = companyId
    }
}

/// `attendees.ContentEngaged`. attendees also sends `engagementId` (the
/// engagement's identity), the attendee's `companyId` at that moment and
/// `engagedAt`; they are read when present.
public struct ContentEngaged: Codable, Sendable, Hashable {
    public var engagementId: UUID?
    public var attendeeId: UUID
    public var companyId: UUID?
    public var contentType: String
    public var contentId: UUID
    public var engagementType: String
    public var engagementValue: Double?
    public var engagedAt: Date?

    public init(
        engagementId: UUID? = nil, attendeeId: UUID, companyId: UUID? = nil, contentType: String, contentId: UUID,
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
public struct AttendeeErased: Codable, Sendable, Hashable {
    public var attendeeId: UUID

    public init(attendeeId: UUID) {
        self.attendeeId = attendeeId
    }
}
