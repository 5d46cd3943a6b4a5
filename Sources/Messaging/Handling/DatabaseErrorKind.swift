import Postgres

/// What a database error means for the message or batch it hit, by SQLSTATE.
enum DatabaseErrorKind: Equatable {
    /// The connection is gone: reconnect and run the batch again.
    case connection
    /// Lost a race (serialization failure, deadlock, lock timeout): run the
    /// batch again soon.
    case transient
    /// The data cannot be stored as it is (class 22 data exception, class 23
    /// integrity constraint violation): retrying cannot help.
    case data
    /// Anything else: a bug or a broken schema, retried and then parked.
    case other

    init(_ error: PostgresError) {
        let state = error.sqlState ?? ""
        if error.isConnectionFailure {
            self = .connection
        } else if ["40001", "40P01", "55P03"].contains(state) {  // replace with PostgresError.isTransient
            self = .transient
        } else if state.hasPrefix("22") || state.hasPrefix("23") {  // replace with PostgresError.isDataError
            self = .data
        } else {
            self = .other
        }
    }

    /// The kind of an error of any type (`.other` unless it is a `PostgresError`).
    static func of(_ error: any Error) -> DatabaseErrorKind {
        (error as? PostgresError).map(DatabaseErrorKind.init) ?? .other
    }

    /// Which condition and constraint, never the server's message or detail:
    /// those quote the offending value (`invalid input syntax for type uuid: "…"`,
    /// `Failing row contains (…)`), which may be personal data.
    static func summary(_ error: PostgresError) -> String {
        let state = error.sqlState ?? "none"
        var text = conditionNames[state].map { "\($0) (SQLSTATE \(state))" } ?? "SQLSTATE \(state)"
        if let constraint = error.constraint { text += " on constraint \(constraint)" }
        return text
    }

    private static let conditionNames = [
        "22001": "string_data_right_truncation", "22003": "numeric_value_out_of_range",
        "22007": "invalid_datetime_format", "22008": "datetime_field_overflow", "22012": "division_by_zero",
        "22021": "character_not_in_repertoire", "22P02": "invalid_text_representation", "22P05": "untranslatable_character",
        "23502": "not_null_violation", "23503": "foreign_key_violation", "23505": "unique_violation",
        "23514": "check_violation", "23P01": "exclusion_violation",
        "40001": "serialization_failure", "40P01": "deadlock_detected", "55P03": "lock_not_available",
        "42501": "insufficient_privilege", "42P01": "undefined_table", "42703": "undefined_column",
        "P0001": "raise_exception",
    ]
}
