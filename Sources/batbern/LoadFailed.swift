/// Why `batbern load` could not set up or carry on a run (ids, keys and
/// reason codes only).
struct LoadFailed: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
