/// Reads settings from command-line flags and environment variables, checks
/// each against what it allows, and collects every problem instead of
/// stopping at the first, so a process with bad settings can name them all
/// and stop before it connects to anything.
///
/// A setting is one line: `reader.read("BATBERN_PREFETCH", flag: "--prefetch",
/// .integer(in: 1...65535), into: &prefetch)`. A flag's text wins over the
/// variable's; a refused text leaves the default in place and records a
/// problem; `validate()` throws them all.
public struct SettingsReader: Sendable {
    public let environment: [String: String]
    /// Flags given on the command line, by name (`--prefetch`), as typed.
    public let flags: [String: String]
    /// One line per problem: the setting's name, what is wrong, what is allowed.
    public private(set) var problems: [String] = []

    public init(environment: [String: String], flags: [String: String] = [:]) {
        self.environment = environment
        self.flags = flags
    }

    /// The setting's value from `flag` or else `variable`; nil when neither
    /// is set or its text is refused (then the problem is recorded).
    public mutating func read<Value>(_ variable: String, flag: String? = nil, _ parser: SettingParser<Value>) -> Value? {
        let source = self.source(variable, flag: flag)
        guard let text = flag.flatMap({ flags[$0] }) ?? environment[variable] else { return nil }
        return check(text, as: source, parser)
    }

    /// Like `read`, but assigns the value to `target` (which keeps its default
    /// when the setting is absent or refused).
    public mutating func read<Value>(_ variable: String, flag: String? = nil, _ parser: SettingParser<Value>, into target: inout Value) {
        if let value = read(variable, flag: flag, parser) { target = value }
    }

    /// Checks text that came from elsewhere (such as a URL with a computed
    /// default) under the setting name `name`.
    public mutating func check<Value>(_ text: String, as name: String, _ parser: SettingParser<Value>) -> Value? {
        let trimmed = text.trimmingWhitespace
        guard !trimmed.isEmpty else {
            record("\(name): empty (unset it for the default; allowed: \(parser.allowed))")
            return nil
        }
        switch parser.parse(trimmed) {
        case .success(let value):
            return value
        case .failure(let refusal):
            record("\(name): \(refusal.reason) (allowed: \(parser.allowed))")
            return nil
        }
    }

    /// Like `check`, for a setting that has no default: nil text is a problem.
    public mutating func require<Value>(_ text: String?, as name: String, _ parser: SettingParser<Value>) -> Value? {
        guard let text else {
            record("\(name): missing (allowed: \(parser.allowed))")
            return nil
        }
        return check(text, as: name, parser)
    }

    /// The name a problem gives: the flag when it was given, else the variable.
    public func source(_ variable: String, flag: String?) -> String {
        if let flag, flags[flag] != nil { return flag }
        return variable
    }

    /// Throws every problem found, if any.
    public func validate() throws(InvalidSettings) {
        guard problems.isEmpty else { throw InvalidSettings(problems: problems) }
    }

    /// Records a problem once, however often the same setting is read (as
    /// `batbern run` does for each context).
    private mutating func record(_ problem: String) {
        if !problems.contains(problem) { problems.append(problem) }
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
