import Messaging
import Postgres

/// Field rules of the partners commands; every failure is a
/// `CommandRejection` with a stable reason code.
enum Field {
    static func required<T>(_ value: T?, _ name: String) throws(CommandRejection) -> T {
        guard let value else { throw CommandRejection("missing_field", "\(name) is required") }
        return value
    }

    static func tier(_ value: String?) throws(CommandRejection) -> PartnershipTier {
        let text = try required(value, "partnershipLevel")
        guard let tier = PartnershipTier(rawValue: text) else {
            throw CommandRejection(
                "invalid_tier",
                "partnershipLevel must be one of \(PartnershipTier.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return tier
    }

    /// A partnership fee in whole Swiss francs; absent is the tier's default.
    static func fee(_ value: Int?, of tier: PartnershipTier) throws(CommandRejection) -> Int {
        guard let value else { return tier.defaultFee }
        guard (1...100_000_000).contains(value) else {
            throw CommandRejection("invalid_fee", "partnershipFee must be whole Swiss francs in 1...100000000")
        }
        return value
    }

    /// A calendar date `YYYY-MM-DD` that exists.
    static func date(_ value: String?, _ name: String) throws(CommandRejection) -> PostgresDate {
        let text = try required(value, name)
        guard let date = PostgresDate(text) else {
            throw CommandRejection("invalid_date", "\(name) must be a date YYYY-MM-DD that exists")
        }
        return date
    }
}
