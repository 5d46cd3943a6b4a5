import Foundation
import Messaging
import Operations
import Testing

/// `batbern parked groups`: what failed the same way is counted together,
/// with the first and last time it happened.
@Suite struct ParkedGroupTests {
    static func entry(_ reason: String, _ key: String, at parkedAt: String?, id: String = UUID().uuidString.lowercased()) -> ParkingLot.Entry {
        ParkingLot.Entry(messageId: id, routingKey: key, reason: reason, error: "", attempts: 3, parkedAt: parkedAt, body: [])
    }

    @Test func groupsByReasonAndTypeLargestFirstWithOldestAndNewest() throws {
        let entries = [
            Self.entry("handler_failed", "speakers.InviteSpeaker", at: "2026-12-05T10:00:00.000Z"),
            Self.entry("undecodable", "speakers.InviteSpeaker", at: "2026-12-05T09:00:00.000Z"),
            Self.entry("handler_failed", "speakers.InviteSpeaker", at: "2026-12-05T08:30:00.000Z"),
            Self.entry("handler_failed", "events.SessionScheduled", at: "2026-12-05T11:00:00.000Z"),
            Self.entry("handler_failed", "speakers.InviteSpeaker", at: "2026-12-05T12:15:00.000Z"),
        ]
        let groups = ParkedGroup.groups(of: entries)
        #expect(
            groups.map { "\($0.reason) \($0.routingKey) \($0.count)" } == [
                "handler_failed speakers.InviteSpeaker 3",
                "handler_failed events.SessionScheduled 1",
                "undecodable speakers.InviteSpeaker 1",
            ])
        let first = try #require(groups.first)
        #expect(first.oldest == MessageCoding.parseTimestamp("2026-12-05T08:30:00.000Z"))
        #expect(first.newest == MessageCoding.parseTimestamp("2026-12-05T12:15:00.000Z"))
        #expect(groups.map(\.count).reduce(0, +) == entries.count, "every message in exactly one group")
    }

    @Test func aMessageWithoutAParkingTimeCountsButHasNoTime() {
        let groups = ParkedGroup.groups(of: [Self.entry("unknown", "x.Y", at: nil), Self.entry("unknown", "x.Y", at: "not a time")])
        #expect(groups.count == 1 && groups[0].count == 2 && groups[0].oldest == nil && groups[0].newest == nil)
    }

    @Test func theTableLinesUpAndSaysHowOld() {
        let now = MessageCoding.parseTimestamp("2026-12-05T12:00:00.000Z") ?? Date()
        let text = ParkedGroup.table(
            ParkedGroup.groups(of: [
                Self.entry("handler_failed", "speakers.InviteSpeaker", at: "2026-12-05T11:58:00.000Z"),
                Self.entry("handler_failed", "speakers.InviteSpeaker", at: "2026-12-05T11:59:30.000Z"),
                Self.entry("undecodable", "companies.CreateCompany", at: "2026-12-04T12:00:00.000Z"),
            ]), now: now)
        #expect(
            text.split(separator: "\n") == [
                "REASON          TYPE                     COUNT  OLDEST                             NEWEST",
                "handler_failed  speakers.InviteSpeaker       2  2026-12-05T11:58:00.000Z (2m ago)  2026-12-05T11:59:30.000Z (30s ago)",
                "undecodable     companies.CreateCompany      1  2026-12-04T12:00:00.000Z (1d ago)  2026-12-04T12:00:00.000Z (1d ago)",
            ])
    }
}
