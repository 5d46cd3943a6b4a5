/// Settings a process refused at start: one line per problem, naming the
/// setting, what is wrong with its value and what is allowed, never the
/// value itself where it could be a secret.
public struct InvalidSettings: Error, CustomStringConvertible, Equatable {
    public let problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String { problems.joined(separator: "\n") }
}
