import Foundation
import Identifiers
import Messaging
import Partners
import TestSupport
import Testing

/// The generated facts through the real handlers and database, compared
/// message by message with the in-memory model the pure property tests
/// check: same stored rows, same published figures, in the same order.
@Suite("Partners handlers over generated facts")
struct PartnerHandlerPropertyTests {
    @Test(arguments: [7 as UInt64, 2026])
    func theDatabaseAgreesWithTheModel(seed: UInt64) async throws {
        let world = GeneratedWorld(
            seed: seed, companyCount: 8, partnerCount: 3, attendeeCount: 200, eventCount: 12, attendanceCount: 1500, engagementCount: 800
        )
        try await PartnerHandlerTests.withHarness { h in
            var ledger = FactLedger()
            var published: [PartnerAnalyticsRecalculated] = []
            var ids = IdentifierMap()
            var delivered = 0
            for phase in world.phases(shuffledWith: seed &+ 9) {
                var queue = phase[...]
                while let message = queue.popFirst() {
                    let modelRejection = ledger.deliver(message)
                    let result = try await send(message, to: h, ids: ids)
                    delivered += 1
                    switch result.outcome {
                    case .rejected(let rejected):
                        #expect(rejected.reason == modelRejection?.reason)
                        #expect(FactLedger.retriedReasons.contains(rejected.reason), "message \(delivered) \(message)")
                        queue.retryLater(message)
                    case .handled, .duplicate:
                        #expect(modelRejection == nil)
                        try ids.learn(from: message, result)
                    default:
                        Issue.record("message \(delivered) \(message): \(result.outcome)")
                        return
                    }
                    published += try PartnerHandlerTests.analytics(result)
                }
            }

            // Partner ids differ (the handler makes its own); match by company.
            var idMap: [Identifier: Identifier] = [:]
            for (companyId, modelPartner) in ledger.partners {
                let rows = try await h.query("SELECT id FROM partners WHERE company_id = $1", [companyId])
                guard let id = try rows.first?.decode(Identifier.self, column: "id") else {
                    Issue.record("no partner for \(companyId)")
                    return
                }
                idMap[modelPartner.id] = id
                let stored = try await PartnerHandlerTests.storedRows(h, id)
                #expect(stored == ledger.stored[modelPartner.id] ?? [:])
                #expect(stored[nil]?.totalEmployeeAttendance == stored.filter { $0.key != nil }.values.map(\.totalEmployeeAttendance).reduce(0, +))
                if let company = world.companies.first(where: { $0.id == companyId }), let truth = world.expectedInputs(for: company) {
                    #expect(stored[nil]?.totalEmployeeAttendance == truth.attendanceByEvent.values.reduce(0, +))
                }
            }
            let expected = ledger.published.map { row in
                var row = row
                row.partnerId = idMap[row.partnerId] ?? row.partnerId
                return row.event
            }
            #expect(published.count == expected.count)
            if let first = (0..<min(published.count, expected.count)).first(where: { published[$0] != expected[$0] }) {
                Issue.record("published event \(first) differs: \(published[first]) vs the model's \(expected[first])")
            }
            #expect(published.count > 200)
            #expect(delivered > 2500)
        }
    }

    /// Sends a model message as the real message: attendance duplicates get
    /// a new message id (a fact recorded twice), engagement duplicates the
    /// same one (a redelivery). Partner and suggestion ids are the handlers'.
    func send(_ message: FactLedger.Message, to h: HandlerHarness, ids: IdentifierMap) async throws -> HarnessResult {
        let t0 = PartnerHandlerTests.t0
        switch message {
        case .companyCreated(let event, let at):
            return try await h.send(.event("CompanyCreated", from: "companies"), data: event, now: at)
        case .companyUpdated(let event, let at):
            return try await h.send(.event("CompanyUpdated", from: "companies"), data: event, now: at)
        case .attendeeRegistered(let event):
            return try await h.send(.event("AttendeeRegistered", from: "attendees"), data: event, now: t0)
        case .attendanceRecorded(let event, let at):
            return try await h.send(.event("AttendanceRecorded", from: "attendees"), data: event, now: at)
        case .contentEngaged(let event, let messageId):
            return try await h.send(.event("ContentEngaged", from: "attendees"), data: event, id: messageId, now: t0)
        case .attendeeErased(let event):
            return try await h.send(.event("AttendeeErased", from: "attendees"), data: event, now: t0)
        case .startPartnership(let command, _):
            return try await h.send(.command("StartPartnership", to: "partners"), data: command, now: t0)
        case .changeLevel(var command):
            command.partnerId = ids.real(command.partnerId)
            return try await h.send(.command("ChangePartnershipLevel", to: "partners"), data: command, now: t0)
        case .addPartnerContact(var command):
            command.partnerId = ids.real(command.partnerId)
            return try await h.send(.command("AddPartnerContact", to: "partners"), data: command, now: t0)
        case .suggestTopic(var command, _):
            command.partnerId = ids.real(command.partnerId)
            return try await h.send(.command("SuggestTopic", to: "partners"), data: command, now: t0)
        case .voteTopic(var command):
            command.partnerId = ids.real(command.partnerId)
            command.suggestionId = ids.real(command.suggestionId)
            return try await h.send(.command("VoteTopic", to: "partners"), data: command, now: t0)
        case .eventTopicDefined(let event):
            return try await h.send(.event("EventTopicDefined", from: "events"), data: event, now: t0)
        case .recalculateAll:
            return try await h.send(.command("RecalculatePartnerAnalytics", to: "partners"), data: RecalculatePartnerAnalytics(), now: t0)
        }
    }
}
