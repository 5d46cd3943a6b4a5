/// Statements sent in libpq pipeline mode whose results are not read yet.
struct DeferredStatements {
    /// The SQL of each command sent (a prepare counts as one), in order.
    var commands: [String] = []
    /// Statements prepared inside the pipeline: forgotten if it fails, since
    /// the prepare may be what failed.
    var preparedHere: [String] = []

    var isEmpty: Bool { commands.isEmpty }

    mutating func discard() {
        commands = []
        preparedHere = []
    }
}
