import Foundation
import Messaging
import Postgres
import TestSupport
import Testing
import WorkerHost

/// A vhost, schemas and ports of the test's own for `batbern run`.
struct RunSystem {
    let suffix: String
    let vhost: String
    let portBase: Int
    let environment: [String: String]

    static func make() async throws -> RunSystem {
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let vhost = "test-\(suffix)"
        try await runLocalScript("rabbitmq.sh", "ctl", "add_vhost", vhost)
        try await runLocalScript("rabbitmq.sh", "ctl", "set_permissions", "-p", vhost, "batbern-admin", ".*", ".*", ".*")
        // The shared exchanges, as the deployment declares them.
        let client = try await TestClient.connect(vhost: vhost)
        await client.close()

        var amqpURL = try #require(URLComponents(string: TestServers.amqpURL))
        amqpURL.path = "/\(vhost)"
        var environment = [
            "BATBERN_AMQP_URL": amqpURL.string ?? TestServers.amqpURL,
            "BATBERN_SCHEMAS_DIR": TestServers.repositoryRoot.appendingPathComponent("schemas").path,
            "BATBERN_LOG_LEVEL": "info",
        ]
        let setup = try await PostgresConnection.connect(PostgresConnection.Configuration(url: TestServers.postgresURL))
        for context in BoundedContext.allCases {
            let schema = "run_\(context.rawValue)_\(suffix)"
            try await setup.runScript("CREATE SCHEMA \(schema)")
            let url = TestServers.postgresURL(searchPath: schema)
            environment[context.databaseURLVariable] = url
            environment[context.migrationDatabaseURLVariable] = url
        }
        await setup.close()
        // Six ports in a row between 20000 and 31905: away from the defaults
        // (9101-9106) and below the ephemeral ports of outgoing connections.
        return RunSystem(suffix: suffix, vhost: vhost, portBase: Int.random(in: 200...319) * 100, environment: environment)
    }

    func start() throws -> WorkerProcess {
        try WorkerProcess.start(
            ["run", "--http-port-base", String(portBase), "--queue-type", "classic", "--concurrency", "1"],
            environment: environment
        )
    }

    func port(_ context: BoundedContext) -> Int {
        portBase + (BoundedContext.allCases.firstIndex(of: context) ?? 0)
    }

    func isReady(_ context: BoundedContext) -> Bool {
        httpGet(port: port(context), path: "/health/ready", timeout: .seconds(2))?.status == 200
    }

    func waitUntilEveryWorkerIsReady() async throws {
        try await eventually("every worker ready", timeout: .seconds(120), every: .milliseconds(250)) {
            BoundedContext.allCases.allSatisfy(isReady)
        }
    }

    /// The supervisor's children, by the context on their command line
    /// (`batbern worker <context> ...`), from /proc.
    func workers(of supervisor: WorkerProcess) -> [BoundedContext: pid_t] {
        var found: [BoundedContext: pid_t] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), let stat = Self.stat(pid), stat.parent == supervisor.pid, stat.state != "Z",
                let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
            else { continue }
            let arguments = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            guard arguments.count > 2, arguments[1] == "worker", let context = BoundedContext(rawValue: arguments[2]) else { continue }
            found[context] = pid
        }
        return found
    }

    /// Alive and not a zombie.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = stat(pid) else { return false }
        return stat.state != "Z"
    }

    /// State and parent from /proc/<pid>/stat ("pid (comm) S ppid ...";
    /// comm may hold spaces and parentheses, so read after the last ')').
    static func stat(_ pid: pid_t) -> (state: String, parent: pid_t)? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 1, let parent = pid_t(fields[1]) else { return nil }
        return (String(fields[0]), parent)
    }

    /// Deletes the workers' queues and exchanges and drops the schemas; the
    /// empty vhost is left for test.sh, as SystemFixture does.
    func tearDown() async throws {
        let client = try await TestClient.connect(vhost: vhost)
        for context in BoundedContext.allCases {
            var configuration = Topology.Configuration()
            configuration.queueType = .classic
            let topology = Topology(try context.definition(settings: Settings(environment: [:])), configuration: configuration)
            let channel = try await client.connection.openChannel()
            for queue in [topology.workQueue, topology.parkingQueue] + topology.retryQueues {
                _ = try? await channel.deleteQueue(queue)
            }
            try? await channel.deleteExchange(topology.kernelExchange)
            try? await channel.close()
        }
        await client.close()
        let cleanup = try await PostgresConnection.connect(PostgresConnection.Configuration(url: TestServers.postgresURL))
        for context in BoundedContext.allCases {
            try await cleanup.runScript("DROP SCHEMA IF EXISTS run_\(context.rawValue)_\(suffix) CASCADE")
        }
        await cleanup.close()
    }
}
