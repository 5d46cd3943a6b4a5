public import Identifiers

/// What events holds for one (registration, session): the latest choice it
/// heard of, and whether that choice holds a seat.
public struct SessionSeatHolding: Sendable, Equatable {
    public var choiceId: Identifier
    public var held: Bool

    public init(choiceId: Identifier, held: Bool) {
        self.choiceId = choiceId
        self.held = held
    }
}
