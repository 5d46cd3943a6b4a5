import Foundation
import LoadGenerator
import Postgres
import TestSupport
import Testing
import WorkerHost

/// `batbern run` on the three-node cluster of deploy/local/cluster.sh (AMQP
/// 5681-5683): a vhost of the test's own in the cluster, its topology
/// declared through `batbern topology` with the three addresses, a schema
/// per context in the test database, HTTP ports away from the defaults.
struct ClusterSystem {
    static let nodes = [1, 2, 3]
    let suffix: String
    let vhost: String
    let portBase: Int
    let databaseEnvironment: [String: String]

    /// Starts the cluster (idempotent: a running one is left as it is).
    static func make() async throws -> ClusterSystem {
        _ = try await runLocalScript("cluster.sh", "up", timeout: .seconds(300))
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let vhost = "test-\(suffix)"
        _ = try await runLocalScript("cluster.sh", "ctl", "add_vhost", vhost)
        _ = try await runLocalScript("cluster.sh", "ctl", "set_permissions", "-p", vhost, "batbern-admin", ".*", ".*", ".*")
        var environment: [String: String] = [:]
        let setup = try await PostgresConnection.connect(PostgresConnection.Configuration(url: TestServers.postgresURL))
        for context in BoundedContext.allCases {
            let schema = "cluster_\(context.rawValue)_\(suffix)"
            try await setup.runScript("CREATE SCHEMA \(schema)")
            environment[context.databaseURLVariable] = TestServers.postgresURL(searchPath: schema)
            environment[context.migrationDatabaseURLVariable] = TestServers.postgresURL(searchPath: schema)
        }
        await setup.close()
        let system = ClusterSystem(
            suffix: suffix, vhost: vhost, portBase: Int.random(in: 200...319) * 100, databaseEnvironment: environment)
        // Quorum queues, their leaders balanced over the nodes (cluster.sh).
        let (status, output) = try await runProgram(
            ["/usr/bin/env", "BATBERN_ADMIN_AMQP_URL=\(system.urls(nodes: nodes))", WorkerProcess.binary, "topology"])
        try #require(status == 0, "batbern topology: \(output)")
        return system
    }

    /// The admin's URLs for `nodes`, in that order, comma-separated.
    func urls(nodes: [Int]) -> String {
        nodes.map { "amqp://batbern-admin:batbern-admin-dev-secret@127.0.0.1:568\($0)/\(vhost)" }.joined(separator: ",")
    }

    /// The node (1, 2 or 3) leading a queue.
    func leader(of queue: String) async throws -> Int {
        let output = try await runLocalScript("cluster.sh", "leader", queue, vhost)
        return try #require(output.split(separator: "\n").last.flatMap { Int($0) }, "cluster.sh leader: \(output)")
    }

    /// `batbern run --replicas <replicas>`, every worker given the nodes in `order`.
    func startWorkers(replicas: String, order: [Int]) throws -> WorkerProcess {
        var environment = databaseEnvironment
        environment["BATBERN_AMQP_URL"] = urls(nodes: order)
        environment["BATBERN_SCHEMAS_DIR"] = TestServers.repositoryRoot.appendingPathComponent("schemas").path
        environment["BATBERN_LOG_LEVEL"] = "info"
        return try WorkerProcess.start(["run", "--replicas", replicas, "--http-port-base", String(portBase)], environment: environment)
    }

    /// Every replica's HTTP port.
    func ports(replicas: String) throws -> [(context: BoundedContext, port: Int)] {
        try ReplicaPlan(parsing: replicas).replicas(httpPortBase: portBase).map { ($0.context, $0.httpPort) }
    }

    func waitUntilReady(replicas: String) async throws {
        let ports = try ports(replicas: replicas)
        try await eventually("every replica ready", timeout: .seconds(180), every: .milliseconds(500)) {
            ports.allSatisfy { httpGet(port: $0.port, path: "/health/ready", timeout: .seconds(2))?.status == 200 }
        }
    }

    /// A counter summed over a context's replicas (from their /metrics);
    /// with `label` (`kind="deadlock"`), only the series that carry it.
    func metric(_ name: String, of context: BoundedContext, replicas: String, labelled label: String? = nil) throws -> Double {
        try ports(replicas: replicas).filter { $0.context == context }.reduce(0) { sum, replica in
            let body = httpGet(port: replica.port, path: "/metrics", timeout: .seconds(5))?.body ?? ""
            let values = body.split(separator: "\n").filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
                .filter { line in label.map { line.contains($0) } ?? true }
                .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            return sum + values.reduce(0, +)
        }
    }

    /// `batbern load <arguments> --json` through the nodes in `order`.
    func load(_ arguments: [String], order: [Int]) throws -> WorkerProcess {
        try WorkerProcess.start(
            ["load"] + arguments + ["--json", "--setup-timeout", "120", "--drain-timeout", "240"],
            environment: ["BATBERN_ADMIN_AMQP_URL": urls(nodes: order)])
    }

    /// The load's report, once it exited.
    static func report(of load: WorkerProcess) async throws -> (status: Int32, report: LoadReport?, log: String) {
        let status = try await load.waitForExit(timeout: .seconds(600))
        let log = load.log
        let line = log.split(separator: "\n").last { $0.hasPrefix("{") }
        return (status, try line.map { try JSONDecoder().decode(LoadReport.self, from: Data($0.utf8)) }, log)
    }

    /// A connection to a context's schema.
    func database(_ context: BoundedContext) async throws -> PostgresConnection {
        try await PostgresConnection.connect(
            PostgresConnection.Configuration(url: TestServers.postgresURL(searchPath: "cluster_\(context.rawValue)_\(suffix)")))
    }

    /// The first column of every row, on a connection of its own.
    func column<T: PostgresDecodable>(
        _ type: T.Type, _ context: BoundedContext, _ sql: String, _ parameters: [any PostgresEncodable] = []
    ) async throws -> [T] {
        let db = try await database(context)
        let rows = try await db.query(sql, parameters)
        await db.close()
        return try rows.map { try $0.decode(T.self, at: 0) }
    }

    func count(_ context: BoundedContext, _ sql: String, _ parameters: [any PostgresEncodable] = []) async throws -> Int {
        try await column(Int.self, context, sql, parameters).first ?? -1
    }

    /// When attendees settled each registration (its RegistrationConfirmed
    /// or RegistrationWaitlisted written), seconds since 1970.
    func settlements() async throws -> [Double] {
        try await column(
            Double.self, .attendees,
            """
            SELECT extract(epoch FROM created_at)::float8 FROM outbox
            WHERE routing_key IN ('attendees.RegistrationConfirmed', 'attendees.RegistrationWaitlisted') ORDER BY created_at
            """)
    }

    /// Every per-aggregate rule of the registrations, from the tables: per
    /// event confirmed = min(capacity, registrations), waitlist 1…k without
    /// gaps or repeats, the seat count equal to the confirmed, one row per
    /// registration sent.
    func checkRegistrations(_ events: [EventTally]) async throws {
        for event in events {
            let rows = try await count(.attendees, "SELECT count(*) FROM event_registrations WHERE event_id = $1", [event.event])
            #expect(rows == event.registrations, "one registration row per RegisterAttendee, none twice")
            let confirmed = try await count(
                .attendees, "SELECT count(*) FROM event_registrations WHERE event_id = $1 AND status = 'confirmed'", [event.event])
            #expect(confirmed == min(event.capacity, event.registrations))
            let positions = try await column(
                Int.self, .attendees,
                "SELECT waitlist_position FROM event_registrations WHERE event_id = $1 AND status = 'waitlisted' ORDER BY 1", [event.event])
            #expect(positions == Array(1..<(positions.count + 1)), "waitlist 1…k")
            #expect(positions.count == event.registrations - confirmed)
            #expect(try await count(.events, "SELECT current_attendee_count FROM events WHERE id = $1", [event.event]) == confirmed)
        }
    }

    /// Every outbox sent (bounded wait: the relays may still be at it).
    func waitUntilEveryOutboxIsSent() async throws {
        for context in BoundedContext.allCases {
            let db = try await database(context)
            try await eventually("\(context.rawValue)'s outbox sent", timeout: .seconds(120), every: .milliseconds(500)) {
                (try? await db.query("SELECT count(*) FROM outbox WHERE sent_at IS NULL")[0].decode(Int.self, at: 0)) == 0
            }
            await db.close()
        }
    }

    /// Deletes the vhost in the cluster and the schemas.
    func tearDown() async throws {
        _ = try? await runLocalScript("cluster.sh", "ctl", "delete_vhost", vhost)
        let cleanup = try await PostgresConnection.connect(PostgresConnection.Configuration(url: TestServers.postgresURL))
        for context in BoundedContext.allCases {
            try await cleanup.runScript("DROP SCHEMA IF EXISTS cluster_\(context.rawValue)_\(suffix) CASCADE")
        }
        await cleanup.close()
    }
}
