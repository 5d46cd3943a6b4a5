import Foundation
import Identifiers
import Messaging
import Postgres
import TestSupport
import Testing

@testable import Speakers

/// Two lanes (or replicas) inviting speakers to the same sessions in
/// opposite orders at once: each invitation locks its session's row, so
/// without lock keys taken first and sorted the two batches deadlock.
@Suite struct InvitationLockTests {
    @Test func invitationsToTheSameSessionsInOppositeOrdersNeverDeadlock() async throws {
        let cases = SpeakersHandlerTests()
        try await HandlerHarness.with(worker: SpeakersWorker.definition(SpeakersHandlerTests.settings), context: "speakers") { h in
            var sessions: [Identifier] = []
            for hour in 0..<8 { sessions.append(try await cases.session(h, hour: Double(hour))) }
            let rounds = 10
            var speakers: [Identifier] = []
            for _ in 0..<(2 * rounds) { speakers.append(try await cases.register(h)) }
            let inviting = speakers
            let tally = try await CrossedBatches.run(h, targets: sessions, rounds: rounds) { session, round, lane in
                let envelope = Envelope(
                    aggregateId: session.description, aggregateType: "SessionSpeaker", eventType: "InviteSpeaker", occurredAt: t0,
                    data: InviteSpeaker(speakerId: inviting[2 * round + lane], sessionId: session, role: "panelist")
                )
                return IncomingDelivery(body: try MessageCoding.encode(envelope), routingKey: "speakers.InviteSpeaker")
            }
            #expect(tally.deadlocks == 0, "deadlocks between the lanes: \(tally)")
            #expect(
                try await h.query("SELECT count(*) FROM session_speakers WHERE status = 'invited'")[0].decode(Int.self, at: 0)
                    == sessions.count * speakers.count, "every invitation made once")
        }
    }

    /// Companies' events take the company's advisory lock in message order too.
    @Test func companyCopiesInOppositeOrdersNeverDeadlock() async throws {
        try await HandlerHarness.with(worker: SpeakersWorker.definition(SpeakersHandlerTests.settings), context: "speakers") { h in
            let companies = (0..<8).map { _ in Identifier() }
            let tally = try await CrossedBatches.run(h, targets: companies, rounds: 10) { company, _, _ in
                let envelope = Envelope(
                    aggregateId: company.description, aggregateType: "Company", eventType: "CompanyCreated", occurredAt: t0,
                    data: CompanyCreated(companyId: company, name: "Acme AG")
                )
                return IncomingDelivery(body: try MessageCoding.encode(envelope), routingKey: "companies.CompanyCreated")
            }
            #expect(tally.deadlocks == 0, "deadlocks between the lanes: \(tally)")
            #expect(try await h.query("SELECT count(*) FROM companies")[0].decode(Int.self, at: 0) == companies.count)
        }
    }
}
