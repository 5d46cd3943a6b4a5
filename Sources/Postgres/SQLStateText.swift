/// Fixed texts for SQLSTATEs, so an error can say what went wrong without the
/// server's own message, which may quote the values of a row or a parameter.
enum SQLStateText {
    /// The condition's name for common SQLSTATEs, else the name of its class.
    static func text(for sqlState: String) -> String {
        conditions[sqlState] ?? classes[String(sqlState.prefix(2))] ?? "unknown error class"
    }

    private static let conditions: [String: String] = [
        "0A000": "feature not supported",
        "08006": "connection failure",
        "22001": "string data right truncation",
        "22003": "numeric value out of range",
        "22007": "invalid datetime format",
        "22008": "datetime field overflow",
        "22012": "division by zero",
        "22021": "character not in repertoire",
        "22P02": "invalid text representation",
        "22P05": "untranslatable character",
        "23502": "not null violation",
        "23503": "foreign key violation",
        "23505": "unique violation",
        "23514": "check violation",
        "23P01": "exclusion violation",
        "25P02": "in failed SQL transaction",
        "25P03": "idle in transaction session timeout",
        "26000": "invalid SQL statement name",
        "40001": "serialization failure",
        "40P01": "deadlock detected",
        "42501": "insufficient privilege",
        "42601": "syntax error",
        "42703": "undefined column",
        "42883": "undefined function",
        "42P01": "undefined table",
        "42P05": "duplicate prepared statement",
        "53300": "too many connections",
        "55P03": "lock not available",
        "57014": "query canceled",
        "57P01": "admin shutdown",
        "57P02": "crash shutdown",
        "57P03": "cannot connect now",
        "57P05": "idle session timeout",
    ]

    private static let classes: [String: String] = [
        "00": "successful completion", "01": "warning", "02": "no data",
        "03": "SQL statement not yet complete", "08": "connection exception",
        "09": "triggered action exception", "0A": "feature not supported",
        "0B": "invalid transaction initiation", "0F": "locator exception", "0L": "invalid grantor",
        "0P": "invalid role specification", "0Z": "diagnostics exception", "20": "case not found",
        "21": "cardinality violation", "22": "data exception", "23": "integrity constraint violation",
        "24": "invalid cursor state", "25": "invalid transaction state", "26": "invalid SQL statement name",
        "27": "triggered data change violation", "28": "invalid authorization specification",
        "2B": "dependent privilege descriptors still exist", "2D": "invalid transaction termination",
        "2F": "SQL routine exception", "34": "invalid cursor name", "38": "external routine exception",
        "39": "external routine invocation exception", "3B": "savepoint exception",
        "3D": "invalid catalog name", "3F": "invalid schema name", "40": "transaction rollback",
        "42": "syntax error or access rule violation", "44": "with check option violation",
        "53": "insufficient resources", "54": "program limit exceeded",
        "55": "object not in prerequisite state", "57": "operator intervention", "58": "system error",
        "72": "snapshot failure", "F0": "configuration file error", "HV": "foreign data wrapper error",
        "P0": "PL/pgSQL error", "XX": "internal error",
    ]
}
