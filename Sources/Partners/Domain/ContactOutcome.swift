/// What a contact decision changes: the rows to write (a demoted primary
/// first, so the one-primary index never sees two), the row to delete, and
/// the event that says so.
public struct ContactOutcome<Event: Sendable & Hashable>: Sendable, Hashable {
    public var saved: [PartnerContact]
    public var removed: PartnerContact?
    public var event: Event

    public init(saved: [PartnerContact], removed: PartnerContact? = nil, event: Event) {
        self.saved = saved.sorted { !$0.isPrimary && $1.isPrimary }
        self.removed = removed
        self.event = event
    }
}
