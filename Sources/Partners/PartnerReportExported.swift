public import Identifiers
public import Messaging

/// `partners.PartnerReportExported`: the answer to ExportPartnerReport, for
/// the partner portal. `analytics` are the partner's stored rows (as
/// PartnerAnalyticsRecalculated published them; a row never written reads
/// as zeros): the cross-event row first, then one per event. `events` are
/// the counts per event; `unplacedEngagements` the engagements whose
/// content partners cannot place in an event. With `eventId`, the rows and
/// counts of that event only (and the cross-event row).
public struct PartnerReportExported: DomainEvent, AggregateIdentified, Hashable {
    public static let name = "PartnerReportExported"
    public static let context = "partners"
    public static let aggregateType = "Partner"
    public var aggregateId: Identifier { partnerId }

    /// Attendance and engagement of the partner's employees at one event.
    public struct EventCounts: Codable, Hashable, Sendable {
        public var eventId: Identifier
        public var attendance: Int
        public var engagements: Int

        public init(eventId: Identifier, attendance: Int, engagements: Int) {
            self.eventId = eventId
            self.attendance = attendance
            self.engagements = engagements
        }
    }

    /// The partner's strategic input: its suggestions, how many were adopted,
    /// the suggestions it backed (suggested or voted for) and its votes.
    public struct StrategicInput: Codable, Hashable, Sendable {
        public var suggestions: Int
        public var adoptedSuggestions: Int
        public var backedSuggestions: Int
        public var adoptedBackedSuggestions: Int
        public var votes: Int

        public init(suggestions: Int, adoptedSuggestions: Int, backedSuggestions: Int, adoptedBackedSuggestions: Int, votes: Int) {
            self.suggestions = suggestions
            self.adoptedSuggestions = adoptedSuggestions
            self.backedSuggestions = backedSuggestions
            self.adoptedBackedSuggestions = adoptedBackedSuggestions
            self.votes = votes
        }
    }

    public var partnerId: Identifier
    public var companyId: Identifier
    public var companyName: String?
    public var partnershipLevel: PartnershipTier
    public var partnershipFee: Int
    public var isActive: Bool
    public var benefits: PartnershipBenefits
    public var eventId: Identifier?
    public var analytics: [PartnerAnalyticsRecalculated]
    public var events: [EventCounts]
    public var unplacedEngagements: Int
    public var strategicInput: StrategicInput

    public init(
        partner: Partner, companyName: String?, eventId: Identifier?, analytics: [PartnerAnalyticsRecalculated], events: [EventCounts],
        unplacedEngagements: Int, strategicInput: StrategicInput
    ) {
        partnerId = partner.id
        companyId = partner.companyId
        self.companyName = companyName
        partnershipLevel = partner.level
        partnershipFee = partner.fee
        isActive = partner.isActive
        benefits = partner.level.benefits
        self.eventId = eventId
        self.analytics = analytics
        self.events = events
        self.unplacedEngagements = unplacedEngagements
        self.strategicInput = strategicInput
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(partnerId, forKey: .partnerId)
        try container.encode(companyId, forKey: .companyId)
        try container.encode(companyName, forKey: .companyName)
        try container.encode(partnershipLevel, forKey: .partnershipLevel)
        try container.encode(partnershipFee, forKey: .partnershipFee)
        try container.encode(isActive, forKey: .isActive)
        try container.encode(benefits, forKey: .benefits)
        try container.encode(eventId, forKey: .eventId)
        try container.encode(analytics, forKey: .analytics)
        try container.encode(events, forKey: .events)
        try container.encode(unplacedEngagements, forKey: .unplacedEngagements)
        try container.encode(strategicInput, forKey: .strategicInput)
    }
}
