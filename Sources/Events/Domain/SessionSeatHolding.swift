/// What events holds for one (registration, session): the latest choice it
/// heard of, and whether that choice holds a seat.
public struct SessionSeatHolding: Sendable, Equatable {
    public var choiceNumber: Int
    public var held: Bool

    public init(choiceNumber: Int, held: Bool) {
        self.choiceNumber = choiceNumber
        self.held = held
    }
}
