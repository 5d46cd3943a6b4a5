import Testing

@testable import Postgres

/// libpq's multi-host form, which a worker uses to follow a failover: every
/// server in order, and the kind of session it may settle for. Pure: no
/// connection.
@Suite struct MultiHostConfigurationTests {
    static let url =
        "postgresql://batbern_attendees_worker:hunter2@127.0.0.1:5442,127.0.0.1:5443/batbern_attendees"
        + "?target_session_attrs=read-write&connect_timeout=2"

    static func value(_ keyword: String, _ configuration: PostgresConnection.Configuration) throws -> String? {
        try configuration.keywords().first { $0.0 == keyword }?.1
    }

    @Test func everyServerGoesToLibPQInOrderWithTheSessionItMustFind() throws {
        let configuration = try PostgresConnection.Configuration(url: Self.url)
        #expect(try Self.value("host", configuration) == "127.0.0.1,127.0.0.1")
        #expect(try Self.value("port", configuration) == "5442,5443")
        #expect(try Self.value("target_session_attrs", configuration) == "read-write")
        #expect(try Self.value("dbname", configuration) == "batbern_attendees")
        #expect(try Self.value("user", configuration) == "batbern_attendees_worker")
        #expect(try Self.value("password", configuration) == "hunter2")
        #expect(configuration.connectTimeout == .seconds(2), "the other parameters still apply")
    }

    @Test func theDescriptionNamesEveryServerButNotThePassword() throws {
        let configuration = try PostgresConnection.Configuration(url: Self.url)
        #expect(
            configuration.description
                == "postgres://batbern_attendees_worker:***@127.0.0.1:5442,127.0.0.1:5443/batbern_attendees")
    }

    @Test func aServerWithoutPortGetsTheDefaultAndIPv6NeedsBrackets() throws {
        let configuration = try PostgresConnection.Configuration(url: "postgres://u:p@db1,[::1]:5433,db3:6000/orders")
        #expect(try Self.value("host", configuration) == "db1,::1,db3")
        #expect(try Self.value("port", configuration) == "5432,5433,6000")
        #expect(try Self.value("target_session_attrs", configuration) == "any", "libpq's default")
        #expect(configuration.description == "postgres://u:***@db1:5432,[::1]:5433,db3:6000/orders")
    }

    @Test func aSingleServerURLIsReadAsBefore() throws {
        let configuration = try PostgresConnection.Configuration(url: "postgres://u:p@db.example:6543/orders")
        #expect(configuration.host == "db.example" && configuration.port == 6543)
        #expect(try Self.value("host", configuration) == "db.example")
        #expect(try Self.value("port", configuration) == "6543")
    }

    @Test(arguments: [
        "postgres://u:hunter2@h1:5442,,h2:5443/db", "postgres://u:hunter2@h1:5442,h2:x/db",
        "postgres://u:hunter2@h1:5442,h2:70000/db", "postgres://u:hunter2@h1:5442,h2:/db",
        "postgres://u:hunter2@h1:5442,[::1/db", "postgres://u:hunter2@h1,h2/db?target_session_attrs=writable",
    ])
    func aBadServerListIsRefusedWithoutThePassword(url: String) {
        let error = #expect(throws: PostgresError.self, "\(url)") { try PostgresConnection.Configuration(url: url) }
        #expect(error?.code == .invalidConfiguration, "\(url)")
        #expect(error.map { "\($0)" }?.contains("hunter2") == false, "no password in errors: \(url)")
        #expect(error?.message.contains("hunter2") == false, "no password in errors: \(url)")
    }
}
