/// The data architecture's `PartnershipBenefits` (named there, not defined):
/// what a tier gives the partner. Published in PartnershipStarted,
/// PartnershipLevelChanged and the partner report; the table is in the README.
public struct PartnershipBenefits: Codable, Hashable, Sendable {
    /// Where the partner's logo is shown.
    public enum LogoPlacement: String, Codable, Hashable, Sendable, CaseIterable {
        case website, programme, venue, stage
    }

    public var logoPlacement: [LogoPlacement]
    public var freeTicketsPerEvent: Int
    public var speakingSlotsPerYear: Int
    public var newsletterMentionsPerYear: Int

    public init(logoPlacement: [LogoPlacement], freeTicketsPerEvent: Int, speakingSlotsPerYear: Int, newsletterMentionsPerYear: Int) {
        self.logoPlacement = logoPlacement
        self.freeTicketsPerEvent = freeTicketsPerEvent
        self.speakingSlotsPerYear = speakingSlotsPerYear
        self.newsletterMentionsPerYear = newsletterMentionsPerYear
    }
}
