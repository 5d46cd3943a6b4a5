import Testing

@testable import Postgres

/// What a configuration asks of libpq and the server, and what a database URL
/// may say. Pure: no connection.
@Suite struct ConfigurationTests {
    static func value(_ keyword: String, _ configuration: PostgresConnection.Configuration) throws -> String? {
        try configuration.keywords().first { $0.0 == keyword }?.1
    }

    @Test func defaultsLimitTheSessionAndKeepTheConnectionAlive() throws {
        let configuration = PostgresConnection.Configuration(database: "db", user: "u")
        #expect(configuration.statementTimeout == .seconds(30))
        #expect(configuration.lockTimeout == .seconds(10))
        #expect(configuration.idleInTransactionSessionTimeout == .seconds(60))
        let options = try #require(try Self.value("options", configuration))
        #expect(options.contains("-c statement_timeout=30000ms"))
        #expect(options.contains("-c lock_timeout=10000ms"))
        #expect(options.contains("-c idle_in_transaction_session_timeout=60000ms"))
        #expect(try Self.value("keepalives", configuration) == "1")
        #expect(try Self.value("keepalives_idle", configuration) == "30")
        #expect(try Self.value("keepalives_interval", configuration) == "10")
        #expect(try Self.value("keepalives_count", configuration) == "3")
        #expect(configuration.tcpUserTimeout == .seconds(30))
        #expect(try Self.value("tcp_user_timeout", configuration) == "30000", "milliseconds, as libpq reads it")
    }

    @Test func nilLeavesASettingToTheServerOrTheSystem() throws {
        var configuration = PostgresConnection.Configuration(database: "db", user: "u")
        configuration.statementTimeout = nil
        configuration.lockTimeout = nil
        configuration.idleInTransactionSessionTimeout = nil
        configuration.keepalivesIdle = nil
        configuration.keepalivesInterval = nil
        configuration.keepalivesCount = nil
        configuration.tcpUserTimeout = nil
        let options = try #require(try Self.value("options", configuration))
        #expect(!options.contains("timeout"))
        #expect(try Self.value("keepalives", configuration) == "1")
        for keyword in ["keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout"] {
            #expect(try Self.value(keyword, configuration) == nil)
        }
    }

    @Test func durationsRoundUpSoAShortLimitNeverTurnsOff() throws {
        var configuration = PostgresConnection.Configuration(database: "db", user: "u")
        configuration.statementTimeout = .microseconds(10)
        configuration.keepalivesInterval = .milliseconds(1500)
        #expect(try Self.value("options", configuration)?.contains("-c statement_timeout=1ms") == true)
        #expect(try Self.value("keepalives_interval", configuration) == "2")
    }

    @Test func impossibleValuesSetInCodeAreRefusedBeforeConnecting() {
        let edits: [(String, (inout PostgresConnection.Configuration) -> Void)] = [
            ("negative timeout", { $0.lockTimeout = .seconds(-1) }),
            ("timeout past Int32.max ms", { $0.statementTimeout = .seconds(3_000_000) }),
            ("zero keepalive idle", { $0.keepalivesIdle = .zero }),
            ("zero keepalive count", { $0.keepalivesCount = 0 }),
        ]
        for (what, edit) in edits {
            var configuration = PostgresConnection.Configuration(database: "db", user: "u")
            edit(&configuration)
            let error = #expect(throws: PostgresError.self, "\(what)") { try configuration.keywords() }
            #expect(error?.code == .invalidConfiguration, "\(what)")
            #expect(error?.isConnectionFailure == false, "retrying will not help: \(what)")
        }
    }

    @Test func urlParametersSetTheLimits() throws {
        let configuration = try PostgresConnection.Configuration(
            url:
                "postgres://u:p%40ss@db.example:6543/orders?sslmode=require&connect_timeout=3&application_name=relay"
                + "&statement_timeout=5s&lock_timeout=250&idle_in_transaction_session_timeout=2min"
                + "&keepalives=1&keepalives_idle=20&keepalives_interval=5&keepalives_count=4&tcp_user_timeout=4500"
        )
        #expect(configuration.host == "db.example" && configuration.port == 6543 && configuration.database == "orders")
        #expect(configuration.user == "u" && configuration.password == "p@ss")
        #expect(configuration.sslMode == "require" && configuration.connectTimeout == .seconds(3))
        #expect(configuration.applicationName == "relay")
        #expect(configuration.statementTimeout == .seconds(5))
        #expect(configuration.lockTimeout == .milliseconds(250), "no unit: milliseconds, as PostgreSQL reads it")
        #expect(configuration.idleInTransactionSessionTimeout == .seconds(120))
        #expect(configuration.keepalivesIdle == .seconds(20))
        #expect(configuration.keepalivesInterval == .seconds(5))
        #expect(configuration.keepalivesCount == 4)
        #expect(configuration.tcpUserTimeout == .milliseconds(4500))

        let defaults = try PostgresConnection.Configuration(
            url:
                "postgresql://u@localhost/db?statement_timeout=default&lock_timeout=0&keepalives_count=default"
        )
        #expect(defaults.statementTimeout == nil)
        #expect(defaults.lockTimeout == .zero)
        #expect(defaults.keepalivesCount == nil)
        #expect(defaults.idleInTransactionSessionTimeout == .seconds(60), "untouched: the documented default")
    }

    @Test(arguments: [
        "statement_timeout=", "statement_timeout=abc", "statement_timeout=5x", "statement_timeout=-5s",
        "statement_timeout=1.5s", "lock_timeout=99999999999", "idle_in_transaction_session_timeout=600h",
        "keepalives_idle=0", "keepalives_interval=ten", "keepalives_count=-1", "keepalives=0", "tcp_user_timeout=3s",
        "connect_timeout=soon", "sslmode=sometimes", "statment_timeout=5s",
    ])
    func badURLParametersAreRefusedByName(parameter: String) {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection.Configuration(url: "postgres://u:secret@localhost/db?\(parameter)")
        }
        #expect(error?.code == .invalidConfiguration)
        let name = String(parameter.prefix { $0 != "=" })
        #expect(error?.message.contains(name) == true, "\(String(describing: error))")
        #expect(error.map { "\($0)" }?.contains("secret") == false, "no password in errors")
    }

    @Test func aURLWithoutUserOrDatabaseIsRefused() {
        for url in ["mysql://u@localhost/db", "postgres://localhost/db", "postgres://u@localhost", "not a url"] {
            let error = #expect(throws: PostgresError.self, "\(url)") { try PostgresConnection.Configuration(url: url) }
            #expect(error?.code == .invalidConfiguration, "\(url)")
        }
    }
}
