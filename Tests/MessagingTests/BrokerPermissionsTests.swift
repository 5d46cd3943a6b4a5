import Foundation
import Messaging
import Testing

/// Permissions derived from a worker's definition, without a broker: the
/// patterns allow exactly its own names and keys (the broker side is
/// `BrokerAccessTests`).
@Suite struct BrokerPermissionsTests {
    struct StartPartnership: Command {
        static let name = "StartPartnership"
        static let context = "partners"
        static let aggregateType = "Partner"
    }

    struct PartnershipStarted: DomainEvent {
        static let name = "PartnershipStarted"
        static let context = "partners"
        static let aggregateType = "Partner"
    }

    struct CompanyCreated: DomainEvent {
        static let name = "CompanyCreated"
        static let context = "companies"
        static let aggregateType = "Company"
    }

    static let definition = WorkerDefinition(
        name: "partners", publishes: [PartnershipStarted.self],
        handlers: [.handle(StartPartnership.self) { _, _, _ in }, .handle(CompanyCreated.self) { _, _, _ in }]
    )
    static let permissions = BrokerPermissions(definition, user: "batbern-partners")

    func matches(_ pattern: String, _ name: String) throws -> Bool {
        let regex = try NSRegularExpression(pattern: pattern)
        return regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
    }

    func topic(_ exchange: String) throws -> BrokerPermissions.TopicPermission {
        try #require(Self.permissions.topics.first { $0.exchange == exchange })
    }

    @Test func aWorkerAnswersTheCommandsItTakes() {
        #expect(Self.definition.publishes.map(\.routingKey) == ["partners.PartnershipStarted", "partners.CommandRejected"])
    }

    @Test func configureOnlyItsOwnObjects() throws {
        for own in ["partners", "partners.parked", "partners.retry.10s", "partners.kernel"] {
            #expect(try matches(Self.permissions.configure, own), "\(own)")
        }
        for other in ["batbern.events", "batbern.commands", "amq.default", "events", "events.parked", "partnersx", "xpartners"] {
            #expect(try !matches(Self.permissions.configure, other), "\(other)")
        }
    }

    @Test func writeAndReadOnlyWhatItUses() throws {
        #expect(try matches(Self.permissions.write, "batbern.events"))
        #expect(try !matches(Self.permissions.write, "batbern.commands"), "it sends no commands")
        #expect(try !matches(Self.permissions.write, "amq.default"))
        #expect(try !matches(Self.permissions.write, "events.kernel"))
        #expect(try matches(Self.permissions.read, "batbern.events") && matches(Self.permissions.read, "batbern.commands"))
        #expect(try !matches(Self.permissions.read, "events.parked"))
    }

    @Test func topicPermissionsAllowExactlyItsKeys() throws {
        let events = try topic("batbern.events")
        #expect(try matches(events.write, "partners.PartnershipStarted"))
        #expect(try matches(events.write, "partners.CommandRejected"))
        #expect(try !matches(events.write, "events.SeatReserved"))
        #expect(try !matches(events.write, "partnersXPartnershipStarted"), "the dot is literal")
        #expect(try matches(events.read, "companies.CompanyCreated"))
        #expect(try !matches(events.read, "#"))
        let commands = try topic("batbern.commands")
        #expect(commands.write == "^$", "nothing at all")
        #expect(try matches(commands.read, "partners.StartPartnership"))
        #expect(try !matches(commands.read, "events.CreateEvent"))
    }
}
