import AMQP
import Foundation
import Identifiers
import Messaging
import TestSupport
import Testing
import WorkerHost

/// `batbern parked` as an operator runs it, against a real attendees worker
/// (in this process, in a vhost of its own) that parked registrations
/// carrying personal data and undecodable cancellations: groups, a masked
/// look at one, a replay of one group, deletion with and without consent;
/// looking loses nothing.
@Suite struct ParkedOperationsTests {
    /// A registration whose consent is text: parked at once (`undecodable`),
    /// with the person's data in its body.
    struct BadRegistration: Codable, Sendable {
        var eventId = Identifier().description
        var email: String
        var firstName = "Annelies"
        var lastName = "Zwahlen"
        var gdprConsent = "yes please"
        var specialRequests = "vegetarian, seat near the exit"
    }

    static let registration = MessageKey.command("RegisterAttendee", to: "attendees")
    static let cancellation = MessageKey.command("CancelRegistration", to: "attendees")

    /// The attendees worker with 3 parked registrations and 2 parked cancellations; their ids.
    static func parkedSystem() async throws -> (SystemFixture, registrations: [Identifier], cancellations: [Identifier]) {
        let system = try await SystemFixture.start([.attendees])
        var registrations: [Identifier] = []
        for index in 1...3 {
            registrations.append(try await system.send(Self.registration, BadRegistration(email: "annelies.\(index)@example.ch")))
        }
        var cancellations: [Identifier] = []
        for _ in 1...2 {
            let id = Identifier()
            try await system.client.sendRaw(Array("{not json".utf8), key: Self.cancellation, messageId: id.description)
            cancellations.append(id)
        }
        try await eventually("5 parked", timeout: .seconds(60)) { try await parkedCount(system) == 5 }
        return (system, registrations, cancellations)
    }

    static func parkedCount(_ system: SystemFixture) async throws -> Int {
        let channel = try await system.client.connection.openChannel()
        let queue = try await channel.declareQueue("attendees.parked", options: QueueOptions(passive: true))
        try await channel.close()
        return Int(queue.messageCount)
    }

    /// Runs `batbern parked <arguments>` against the vhost; its exit status and output.
    static func parked(_ system: SystemFixture, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = try WorkerProcess.start(["parked"] + arguments + ["--amqp-url", system.amqpURL])
        let status = try await process.waitForExit(timeout: .seconds(60))
        return (status, process.log)
    }

    @Test func groupsCountByReasonAndTypeAndLookingLosesNothing() async throws {
        let (system, _, _) = try await Self.parkedSystem()
        for _ in 1...3 {
            let (status, output) = try await Self.parked(system, ["groups", "attendees"])
            #expect(status == 0, "\(output)")
            let lines = output.split(separator: "\n").map {
                $0.split(separator: " ", omittingEmptySubsequences: true).prefix(3).joined(separator: " ")
            }
            #expect(lines.first == "REASON TYPE COUNT")
            #expect(lines.contains("undecodable attendees.RegisterAttendee 3"), "\(output)")
            #expect(lines.contains { $0.hasSuffix("attendees.CancelRegistration 2") }, "\(output)")
            #expect(output.contains("5 parked message(s) in 2 group(s)"))
            #expect(!output.contains("annelies"), "groups show no body")
        }
        #expect(try await Self.parkedCount(system) == 5, "three looks later, all five are still parked")
        try await system.tearDown()
    }

    @Test func showMasksPersonalFieldsUnlessRevealed() async throws {
        let (system, registrations, _) = try await Self.parkedSystem()
        let id = try #require(registrations.first).description
        let (status, masked) = try await Self.parked(system, ["show", "attendees", id])
        #expect(status == 0, "\(masked)")
        #expect(masked.contains("message \(id)") && masked.contains(/\n  reason +undecodable\n/), "\(masked)")
        #expect(masked.contains("x-batbern-park-reason"), "the kernel's headers are shown")
        for secret in ["annelies", "Annelies", "Zwahlen", "vegetarian"] {
            #expect(!masked.contains(secret), "\(secret) shown:\n\(masked)")
        }
        #expect(masked.contains(#""email" : "***""#) && masked.contains(#""gdprConsent" : "yes please""#), "\(masked)")

        let (revealedStatus, revealed) = try await Self.parked(system, ["show", "attendees", id, "--reveal"])
        #expect(revealedStatus == 0)
        #expect(revealed.contains("annelies.1@example.ch") && revealed.contains("Zwahlen") && revealed.contains("vegetarian"))

        let (missingStatus, missing) = try await Self.parked(system, ["show", "attendees", Identifier().description])
        #expect(missingStatus == 1 && missing.contains("no message"), "\(missing)")
        #expect(try await Self.parkedCount(system) == 5)
        try await system.tearDown()
    }

    @Test func replayingAGroupSendsBackThatGroupOnly() async throws {
        let (system, registrations, cancellations) = try await Self.parkedSystem()
        let (status, output) = try await Self.parked(system, ["replay", "attendees", "--type", "CancelRegistration"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("replayed 2 message(s) to attendees"), "\(output)")
        // Still not JSON: handled again and parked again, now counted as replayed once.
        let lot = ParkingLot(topology: Topology(worker: "attendees", bindings: []))
        try await eventually("the replayed group parked again", timeout: .seconds(60)) {
            let entries = try await lot.list(system.client.connection)
            let replayed = entries.filter { $0.properties.headers[KernelHeaders.replays]?.intValue == 1 }
            return Set(replayed.compactMap(\.messageId)) == Set(cancellations.map(\.description)) && entries.count == 5
        }
        let untouched = try await lot.list(system.client.connection).filter { registrations.map(\.description).contains($0.messageId ?? "") }
        #expect(untouched.count == 3 && untouched.allSatisfy { $0.properties.headers[KernelHeaders.replays] == nil })
        try await system.tearDown()
    }

    @Test func deleteAsksFirstAndWithoutYesDeletesNothing() async throws {
        let (system, registrations, _) = try await Self.parkedSystem()
        // No one answers (standard input is empty): nothing goes.
        let (refusedStatus, refused) = try await Self.parked(
            system, ["delete", "attendees", "--reason", "undecodable", "--type", "RegisterAttendee"])
        #expect(refusedStatus == 1, "\(refused)")
        #expect(refused.contains("about to delete 3 parked message(s)") && refused.contains("nothing deleted"), "\(refused)")
        #expect(try await Self.parkedCount(system) == 5)

        let (status, output) = try await Self.parked(system, ["delete", "attendees", "--message-id", registrations[0].description, "--yes"])
        #expect(status == 0 && output.contains("deleted 1 message(s)"), "\(output)")
        #expect(try await Self.parkedCount(system) == 4)

        let (groupStatus, group) = try await Self.parked(system, ["delete", "attendees", "--type", "attendees.RegisterAttendee", "--yes"])
        #expect(groupStatus == 0 && group.contains("deleted 2 message(s)"), "\(group)")
        let left = try await ParkingLot(topology: Topology(worker: "attendees", bindings: [])).list(system.client.connection)
        #expect(left.count == 2 && left.allSatisfy { $0.routingKey == "attendees.CancelRegistration" })

        let (unclear, usage) = try await Self.parked(system, ["delete", "attendees", "--yes"])
        #expect(unclear == 64 && usage.contains("give --message-id"), "no selection is refused: \(usage)")
        try await system.tearDown()
    }
}
