import Foundation
import Messaging
import Postgres
import Testing
import TestSupport
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
            let url = TestServers.postgresURL + (TestServers.postgresURL.contains("?") ? "&" : "?") + "search_path=\(schema)"
            environment[context.databaseURLVariable] = url
            environment[context.migrationDatabaseURLVariable] = url
        }
        await setup.close()
        // Ports 20000-59900, five in a row; the defaults are 9101-9105.
        return RunSystem(suffix: suffix, vhost: vhost, portBase: Int.random(in: 200...599) * 100, environment: environment)
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
        Self.httpStatus(port: port(context), path: "/health/ready") == 200
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
                  let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { continue }
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

    /// The status of a GET, as a kubelet's probe sees it; nil when nothing
    /// answers within a second.
    static func httpStatus(port: Int, path: String) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        guard request.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == request.count else { return nil }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        let statusLine = String(decoding: buffer[0..<count], as: UTF8.self)
        return statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) }
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
