/// Runs `body`, then `cleanup`, also when `body` throws (an asynchronous
/// `defer`): a failed expectation never skips a teardown. When `body`
/// threw, its error wins over one from `cleanup`.
public func withCleanup<T>(_ body: () async throws -> T, cleanup: () async throws -> Void) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        try? await cleanup()
        throw error
    }
    try await cleanup()
    return result
}
