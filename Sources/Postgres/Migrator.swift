public import Foundation
public import Logging

/// Applies the `NNN_name.sql` files of some folders, folder by folder and file
/// by file in number order, each in its own transaction, and records each as
/// `<folder>/<file>` with a SHA-256 checksum.
///
/// Refuses to run when an applied file has changed since (the database no
/// longer matches what the file says) or when a number is used twice.
/// Concurrent migrators of the same database wait for each other through an
/// advisory lock, so several worker replicas can start at once.
public struct Migrator: Sendable {
    /// One migration file.
    public struct Migration: Sendable, Hashable {
        public let version: Int
        /// `<folder>/<file without .sql>`, e.g. `events/001_events`.
        public let name: String
        public let sql: String
    }

    public let directories: [URL]
    private let logger: Logger

    public init(directories: [URL], logger: Logger = Logger(label: "batbern.migrations")) {
        self.directories = directories
        self.logger = logger
    }

    /// The migration files, in the order they apply.
    public func migrations() throws -> [Migration] {
        try directories.flatMap(migrations(in:))
    }

    private func migrations(in directory: URL) throws -> [Migration] {
        let folder = directory.lastPathComponent
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw PostgresError(.migration, "cannot read migrations folder \(directory.path): \(error)")
        }
        var found: [Migration] = []
        for file in files where file.hasSuffix(".sql") {
            let stem = file.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]) else {
                throw PostgresError(.migration, "migration file \(file) is not named NNN_name.sql")
            }
            let sql: String
            do {
                sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            } catch {
                throw PostgresError(.migration, "cannot read migration \(file): \(error)")
            }
            found.append(Migration(version: version, name: "\(folder)/\(stem)", sql: sql))
        }
        found.sort { $0.version < $1.version }
        for (a, b) in zip(found, found.dropFirst()) where a.version == b.version {
            throw PostgresError(.migration, "migrations \(a.name) and \(b.name) share number \(a.version)")
        }
        return found
    }

    /// Applies what is missing; returns the names applied now.
    @discardableResult
    public func migrate(_ connection: PostgresConnection) async throws -> [String] {
        let migrations = try migrations()
        return try await connection.migrate(migrations, logger: logger)
    }
}

extension PostgresConnection {
    /// Key of the advisory lock that serialises migrators ("batbern-migrate").
    private static let migrationLock: Int64 = 0x6261_7462_6572_6E01

    fileprivate func migrate(_ migrations: [Migrator.Migration], logger: Logger) throws -> [String] {
        // A migration may rewrite a big table, and waits for any other
        // migrator's lock: the session's statement and lock timeouts are off
        // until it is done.
        try runScript("SET statement_timeout = 0; SET lock_timeout = 0")
        defer { _ = try? runScript("RESET statement_timeout; RESET lock_timeout") }
        try execute("SELECT pg_advisory_lock($1)", [Self.migrationLock])
        defer { _ = try? execute("SELECT pg_advisory_unlock($1)", [Self.migrationLock]) }
        try runScript(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                name text PRIMARY KEY,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        var applied: [String: String] = [:]
        for row in try query("SELECT name, checksum FROM schema_migrations") {
            applied[try row.decode(String.self, at: 0)] = try row.decode(String.self, at: 1)
        }
        var appliedNow: [String] = []
        for migration in migrations {
            let checksum = try query(
                "SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')", [migration.sql]
            )[0].decode(String.self, at: 0)
            if let existing = applied[migration.name] {
                guard existing == checksum else {
                    throw PostgresError(
                        .migration,
                        "migration \(migration.name).sql was changed after it was applied; "
                            + "add a new migration instead of editing an applied one"
                    )
                }
                continue
            }
            try apply(migration, checksum: checksum)
            logger.info("applied migration", metadata: ["pg_migration": "\(migration.name)"])
            appliedNow.append(migration.name)
        }
        return appliedNow
    }

    private func apply(_ migration: Migrator.Migration, checksum: String) throws {
        try execute("BEGIN")
        do {
            try runScript(migration.sql)
            try execute(
                "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)",
                [migration.name, checksum]
            )
            try execute("COMMIT")
        } catch {
            if isUsable { _ = try? execute("ROLLBACK") }
            throw error
        }
    }
}
