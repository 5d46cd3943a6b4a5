/// A target the suite cannot attack as it stands (its baseline or schema is wrong).
struct TargetProblem: Error, CustomStringConvertible {
    let description: String
    init(_ routingKey: String, _ problem: String) { description = "\(routingKey): \(problem)" }
}
