import Foundation
import Identifiers
import Testing

@testable import Messaging

/// Which claimed rows go out together in one relay round (no I/O).
@Suite struct OutboxRowTests {
    func row(_ id: Int64, _ aggregate: String, command: Bool) -> OutboxRow {
        OutboxRow(
            id: id,
            message: OutgoingMessage(
                messageId: Identifier(), exchange: command ? Exchanges.commands : Exchanges.events, routingKey: "probe.X",
                aggregateId: aggregate, messageType: "X", correlationId: Identifier(), occurredAt: Date(), body: "{}"
            ),
            attempts: 0
        )
    }

    @Test func aCommandHoldsBackTheRestOfItsAggregateUntilTheNextRound() {
        let rows = [
            row(1, "a", command: false), row(2, "a", command: true), row(3, "b", command: true),
            row(4, "a", command: false), row(5, "b", command: false), row(6, "c", command: false), row(7, "a", command: true),
        ]
        #expect(OutboxRow.publishableTogether(rows).map(\.id) == [1, 2, 3, 6])
    }

    @Test func eventsAloneAllGoTogether() {
        let rows = (1...5).map { row(Int64($0), $0 % 2 == 0 ? "a" : "b", command: false) }
        #expect(OutboxRow.publishableTogether(rows).map(\.id) == [1, 2, 3, 4, 5])
    }
}
