import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct MigratorTests {
    @Test func appliesInOrderOnceAndRefusesEditedFiles() async throws {
        let db = try await TestDatabase.connect("mig")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(uniqueName("migrations"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "CREATE TABLE a (id integer PRIMARY KEY);".write(to: folder.appendingPathComponent("001_create_a.sql"), atomically: true, encoding: .utf8)
        try "ALTER TABLE a ADD COLUMN note text; CREATE TABLE b (id integer);".write(
            to: folder.appendingPathComponent("002_more.sql"), atomically: true, encoding: .utf8)

        let migrator = Migrator(directories: [folder])
        let prefix = folder.lastPathComponent
        #expect(try await migrator.migrate(db.connection) == ["\(prefix)/001_create_a", "\(prefix)/002_more"])
        #expect(try await migrator.migrate(db.connection) == [], "a second run applies nothing")
        // Migrations run without the session's timeouts, and give them back.
        #expect(try await db.connection.query("SELECT current_setting('statement_timeout')")[0].decode(String.self, at: 0) == "30s")
        #expect(try await db.connection.query("SELECT current_setting('lock_timeout')")[0].decode(String.self, at: 0) == "10s")
        try await db.connection.execute("INSERT INTO a (id, note) VALUES ($1, $2)", [1, "x"])

        // A failing migration leaves nothing behind and is not recorded.
        try "CREATE TABLE c (id integer); SELECT no_such_function();".write(
            to: folder.appendingPathComponent("003_broken.sql"), atomically: true, encoding: .utf8)
        await #expect(throws: PostgresError.self) { try await migrator.migrate(db.connection) }
        let c = try await db.connection.query("SELECT to_regclass($1)", ["\(db.schema).c"])[0]
        #expect(c.isNull(0))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("003_broken.sql"))

        // Editing an applied file is refused, naming the file.
        try "CREATE TABLE a (id bigint PRIMARY KEY);".write(to: folder.appendingPathComponent("001_create_a.sql"), atomically: true, encoding: .utf8)
        let error = await #expect(throws: PostgresError.self) { try await migrator.migrate(db.connection) }
        #expect(error?.code == .migration)
        #expect(error?.message.contains("001_create_a.sql") == true)
        try await db.drop()
    }
}
