public import WorkerHost

/// Runs `body` with the real workers of `contexts` and tears them down
/// afterwards, also when it throws.
public func withSystem(_ contexts: [BoundedContext], _ body: (SystemFixture) async throws -> Void) async throws {
    let system = try await SystemFixture.start(contexts)
    do {
        try await body(system)
    } catch {
        try? await system.tearDown()
        throw error
    }
    try await system.tearDown()
}
