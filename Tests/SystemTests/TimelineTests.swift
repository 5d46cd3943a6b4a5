import FlowTrace
import Foundation
import Identifiers
import Testing

/// A flow put back together from records (no I/O): order, causes, the table
/// and the Mermaid diagram.
@Suite struct TimelineTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let command = Identifier(), requested = Identifier(), reserved = Identifier(), confirmed = Identifier()

    func at(_ ms: Double) -> Date { t0.addingTimeInterval(ms / 1000) }

    var records: [TraceRecord] {
        [
            // Deliberately out of order, as the contexts' readers return them.
            TraceRecord(
                context: "events", kind: .published, at: at(12), messageId: reserved, causationId: requested,
                messageType: "events.SeatReserved", sentAt: at(14)),
            TraceRecord(
                context: "attendees", kind: .handled, at: at(0), messageId: command, causationId: nil, messageType: "attendees.RegisterAttendee"),
            TraceRecord(
                context: "attendees", kind: .published, at: at(1), messageId: requested, causationId: command,
                messageType: "attendees.RegistrationRequested", sentAt: at(3)),
            TraceRecord(
                context: "events", kind: .retried, at: at(8), messageId: requested, causationId: command,
                messageType: "events.RegistrationRequested", detail: "database error: deadlock (attempt 1)"),
            TraceRecord(
                context: "events", kind: .handled, at: at(11), messageId: requested, causationId: command, messageType: "events.RegistrationRequested"
            ),
            TraceRecord(
                context: "attendees", kind: .handled, at: at(20), messageId: reserved, causationId: requested, messageType: "attendees.SeatReserved"),
            TraceRecord(
                context: "attendees", kind: .published, at: at(20), messageId: confirmed, causationId: reserved,
                messageType: "attendees.RegistrationConfirmed", sentAt: nil),
        ]
    }

    @Test func entriesAreInTimeOrderEachTiedToItsCause() {
        let timeline = Timeline(correlationId: command, records: records)
        #expect(
            timeline.entries.map(\.record.messageType) == [
                "attendees.RegisterAttendee", "attendees.RegistrationRequested", "events.RegistrationRequested", "events.RegistrationRequested",
                "events.SeatReserved", "attendees.SeatReserved", "attendees.RegistrationConfirmed",
            ])
        #expect(
            timeline.entries.map(\.sinceCause) == [
                nil, .milliseconds(1), .milliseconds(7), .milliseconds(10), .milliseconds(1), .milliseconds(8), .zero,
            ])
        #expect(timeline.entries.map(\.from) == [nil, nil, "attendees", "attendees", nil, "events", nil])
        #expect(timeline.contexts == ["attendees", "events"])
    }

    @Test func theMermaidDiagramHasAnArrowPerMessageHandledAndNotesForTheRest() {
        let diagram = MermaidDiagram.render(Timeline(correlationId: command, records: records))
        #expect(
            diagram == """
                sequenceDiagram
                    participant client
                    participant attendees
                    participant events
                    client->>attendees: RegisterAttendee
                    events-xevents: RegistrationRequested failed, retried: database error: deadlock (attempt 1)
                    attendees->>events: RegistrationRequested (+10.0 ms)
                    events->>attendees: SeatReserved (+8.0 ms)
                    Note right of attendees: published RegistrationConfirmed

                """)
    }

    @Test func theTableSaysWhatBecameOfEachMessage() {
        let text = TimelineText.render(Timeline(correlationId: command, records: records))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        #expect(lines[1].hasPrefix("time"))
        #expect(lines[2].contains("attendees") && lines[2].contains("handled"))
        #expect(lines[3].contains("published, sent +2.0 ms"))
        #expect(lines[4].contains("retried: database error: deadlock (attempt 1)") && lines[4].hasSuffix("7.0 ms"))
        #expect(lines[8].contains("published (not sent yet)"))
    }

    @Test func anUnknownFlowSaysSo() {
        #expect(TimelineText.render(Timeline(correlationId: command, records: [])).hasPrefix("no record of \(command)"))
    }
}
