public import Identifiers

/// A message whose data names the aggregate it is about, so it is published,
/// sent or scheduled without an `aggregateId:` (for example a company event
/// and its `companyId`). Messages about an aggregate their data does not name
/// (an invitation, known by its row id) pass it explicitly.
public protocol AggregateIdentified {
    var aggregateId: Identifier { get }
}
