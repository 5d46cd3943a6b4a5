import Foundation
public import Identifiers

/// A figure with two decimals, held exactly as an integer count of
/// hundredths, like the numeric(·,2) columns hold it: equal figures compare
/// equal, so "the row changed" never depends on floating point.
public struct Hundredths: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var raw: Int

    public init(raw: Int) { self.raw = raw }

    public static let zero = Hundredths(raw: 0)

    /// numerator / denominator, rounded half up to two decimals (both ≥ 0,
    /// denominator > 0).
    public static func ratio(_ numerator: Int, _ denominator: Int) -> Hundredths {
        Hundredths(raw: (200 * numerator + denominator) / (2 * denominator))
    }

    public static func whole(_ value: Int) -> Hundredths { Hundredths(raw: 100 * value) }

    public func capped(at cap: Hundredths) -> Hundredths { min(self, cap) }

    public var double: Double { Double(raw) / 100 }

    /// `12.30`, as PostgreSQL prints numeric(·,2).
    public var description: String {
        let sign = raw < 0 ? "-" : ""
        let magnitude = raw.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// Parses the text of a numeric column, rounding to two decimals.
    public init?(text: String) {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
        var scaled = value * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        raw = NSDecimalNumber(decimal: rounded).intValue
    }

    public static func < (lhs: Hundredths, rhs: Hundredths) -> Bool { lhs.raw < rhs.raw }
}

/// What the formulas read of one partner: everything comes from the
/// partner itself, its own company and its employees' facts, so facts of
/// other companies and other partners' input cannot change its figures.
public struct AnalyticsInputs: Hashable, Sendable {
    /// The partnership fee in whole Swiss francs (> 0).
    public var fee: Int
    /// The company's employee count from its local copy; nil when unknown.
    public var employeeCount: Int?
    /// Attended registrations of the company's employees, per event.
    public var attendanceByEvent: [Identifier: Int]
    /// ContentEngaged facts of the company's employees (they carry no event).
    public var engagements: Int
    /// Suggestions the partner backed: made, or voted for.
    public var backedSuggestions: Int
    /// Those of them an event topic adopted.
    public var adoptedSuggestions: Int

    public init(
        fee: Int, employeeCount: Int?, attendanceByEvent: [Identifier: Int], engagements: Int, backedSuggestions: Int = 0,
        adoptedSuggestions: Int = 0
    ) {
        self.fee = fee
        self.employeeCount = employeeCount
        self.attendanceByEvent = attendanceByEvent
        self.engagements = engagements
        self.backedSuggestions = backedSuggestions
        self.adoptedSuggestions = adoptedSuggestions
    }
}

/// The published figures of one analytics row.
public struct AnalyticsFigures: Hashable, Sendable {
    public var totalEmployeeAttendance: Int
    public var averageAttendancePerEvent: Hundredths
    public var contentEngagementScore: Hundredths
    public var brandExposureScore: Hundredths
    public var roiScore: Hundredths
    public var topicInfluenceScore: Hundredths

    public init(
        totalEmployeeAttendance: Int, averageAttendancePerEvent: Hundredths, contentEngagementScore: Hundredths,
        brandExposureScore: Hundredths, roiScore: Hundredths, topicInfluenceScore: Hundredths
    ) {
        self.totalEmployeeAttendance = totalEmployeeAttendance
        self.averageAttendancePerEvent = averageAttendancePerEvent
        self.contentEngagementScore = contentEngagementScore
        self.brandExposureScore = brandExposureScore
        self.roiScore = roiScore
        self.topicInfluenceScore = topicInfluenceScore
    }

    /// The column defaults: a row that does not exist reads as this.
    public static let zero = AnalyticsFigures(
        totalEmployeeAttendance: 0, averageAttendancePerEvent: .zero, contentEngagementScore: .zero,
        brandExposureScore: .zero, roiScore: .zero, topicInfluenceScore: .zero
    )
}

/// One `partner_analytics` row: per event, or cross-event (`eventId` nil).
public struct AnalyticsRow: Hashable, Sendable {
    public var partnerId: Identifier
    public var eventId: Identifier?
    public var figures: AnalyticsFigures

    public init(partnerId: Identifier, eventId: Identifier?, figures: AnalyticsFigures) {
        self.partnerId = partnerId
        self.eventId = eventId
        self.figures = figures
    }

    public var event: PartnerAnalyticsRecalculated {
        PartnerAnalyticsRecalculated(
            partnerId: partnerId, eventId: eventId, totalEmployeeAttendance: figures.totalEmployeeAttendance,
            averageAttendancePerEvent: figures.averageAttendancePerEvent.double,
            contentEngagementScore: figures.contentEngagementScore.double,
            brandExposureScore: figures.brandExposureScore.double, roiScore: figures.roiScore.double,
            topicInfluenceScore: figures.topicInfluenceScore.double
        )
    }
}

/// The analytics formulas (docs/analytics.md explains each and why).
public enum AnalyticsFormulas {
    /// The 0–100 scores live in numeric(5,2) columns.
    public static let scoreCap = Hundredths.whole(100)
    /// roi_score is numeric(10,2).
    public static let roiCap = Hundredths(raw: 99_999_999_99)
    /// Engagements per attendance that earn the full engagement score.
    public static let engagementsPerAttendanceForFullScore = 5
    /// The ROI counts contacts per this many Swiss francs of fee.
    public static let feeUnit = 1_000

    /// The cross-event row first, then one row per event with attendance,
    /// ordered by event id.
    public static func rows(partnerId: Identifier, _ inputs: AnalyticsInputs) -> [AnalyticsRow] {
        let attended = inputs.attendanceByEvent.filter { $0.value > 0 }
        let total = attended.values.reduce(0, +)
        let cross = figures(
            attendance: total, events: attended.count, engagements: inputs.engagements,
            influence: influence(backed: inputs.backedSuggestions, adopted: inputs.adoptedSuggestions), inputs: inputs
        )
        let perEvent = attended.keys.sorted().map { eventId in
            AnalyticsRow(
                partnerId: partnerId, eventId: eventId,
                figures: figures(attendance: attended[eventId] ?? 0, events: 1, engagements: 0, influence: .zero, inputs: inputs)
            )
        }
        return [AnalyticsRow(partnerId: partnerId, eventId: nil, figures: cross)] + perEvent
    }

    /// The share of the partner's backed suggestions that became event
    /// topics, 0–100 (0 without any).
    static func influence(backed: Int, adopted: Int) -> Hundredths {
        backed == 0 ? .zero : Hundredths.ratio(100 * adopted, backed).capped(at: scoreCap)
    }

    /// The figures of one row from its scope: `attendance` attended
    /// registrations over `events` events, `engagements` and `influence` of
    /// the same scope (zero for an event row: engagement facts and
    /// suggestions name no event).
    static func figures(attendance: Int, events: Int, engagements: Int, influence: Hundredths, inputs: AnalyticsInputs) -> AnalyticsFigures {
        let average = events == 0 ? .zero : Hundredths.ratio(attendance, events)
        let engagement =
            engagements == 0
            ? .zero
            : Hundredths.ratio(100 * engagements, engagementsPerAttendanceForFullScore * max(attendance, 1)).capped(at: scoreCap)
        let exposure: Hundredths =
            if let employees = inputs.employeeCount, employees > 0 {
                Hundredths.ratio(100 * attendance, employees).capped(at: scoreCap)
            } else {
                .zero
            }
        let roi = Hundredths.ratio(feeUnit * (attendance + engagements), max(inputs.fee, 1)).capped(at: roiCap)
        return AnalyticsFigures(
            totalEmployeeAttendance: attendance, averageAttendancePerEvent: average, contentEngagementScore: engagement,
            brandExposureScore: exposure, roiScore: roi, topicInfluenceScore: influence
        )
    }

    /// The rows to write and publish: computed rows that differ from what is
    /// stored (a missing row reads as zero), and stored rows no longer backed
    /// by any fact, set back to zero.
    public static func changed(computed: [AnalyticsRow], stored: [Identifier?: AnalyticsFigures]) -> [AnalyticsRow] {
        guard let partnerId = computed.first?.partnerId else { return [] }
        var result = computed.filter { stored[$0.eventId] ?? .zero != $0.figures }
        let computedEvents = Set(computed.map(\.eventId))
        let vanished = stored.filter { !computedEvents.contains($0.key) && $0.value != .zero }
            .keys.sorted { ($0?.description ?? "") < ($1?.description ?? "") }
        result += vanished.map { AnalyticsRow(partnerId: partnerId, eventId: $0, figures: .zero) }
        return result
    }
}
