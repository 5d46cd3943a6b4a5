/// Why `batbern load` or `batbern demo` could not set up or carry on a run (ids, keys and
/// reason codes only).
public struct SagaFailed: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
