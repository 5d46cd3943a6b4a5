/// Which broker address a new connection tries first, and in what order the
/// rest follow (pure; `AddressCursor` shares one between connections).
///
/// A connect attempt is one round over every address, the preferred one
/// first, with no pause between addresses: a refused node says nothing about
/// the next. A failed or lost address passes the preference on to the one
/// after it, so the next round starts on a node that may be up; a working
/// connection makes its address the preferred one. Pauses between rounds
/// are the caller's reconnect backoff.
public struct AddressRotation: Sendable, Hashable {
    /// How many addresses there are (at least one).
    public let count: Int
    /// The address tried first.
    public private(set) var preferred: Int

    public init(count: Int, preferred: Int = 0) {
        self.count = max(1, count)
        self.preferred = ((preferred % self.count) + self.count) % self.count
    }

    /// The addresses of one round, by index: the preferred one, then those
    /// after it, wrapping around.
    public var order: [Int] { (0..<count).map { (preferred + $0) % count } }

    /// A connection to `index` works: it is tried first from now on.
    public mutating func connected(to index: Int) {
        preferred = index % count
    }

    /// `index` could not be reached, or its connection dropped: the next
    /// round starts after it. A failure of an address that is no longer the
    /// preferred one (another connection moved on already) changes nothing.
    public mutating func lost(_ index: Int) {
        guard index % count == preferred else { return }
        preferred = (preferred + 1) % count
    }
}
