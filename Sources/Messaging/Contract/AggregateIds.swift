import Identifiers

/// Aggregate ids are free text, but a UUID among them has one spelling.
enum AggregateIds {
    /// The lowercase form of a UUID in any case; any other text unchanged.
    static func canonical(_ aggregateId: String) -> String {
        Identifier(aggregateId)?.description ?? aggregateId
    }
}
