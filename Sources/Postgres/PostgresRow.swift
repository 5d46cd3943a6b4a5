/// One result row: text values by column, decoded on demand.
public struct PostgresRow: Sendable {
    let columns: PostgresColumns
    let values: [String?]

    public var count: Int { values.count }

    /// The raw text of a column, nil for NULL.
    public subscript(index: Int) -> String? { values[index] }

    public func isNull(_ index: Int) -> Bool { values[index] == nil }

    /// Decodes column `index`; NULL is an error (decode an Optional to allow it).
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at index: Int) throws -> T {
        guard index < values.count else {
            throw PostgresError(.decoding, "no column \(index); the row has \(values.count)")
        }
        guard let text = values[index] else {
            throw PostgresError(.decoding, "column \(columns.names[index]) is NULL, expected \(T.self)")
        }
        do {
            return try T(postgresText: text, type: columns.types[index])
        } catch let failure as DecodingFailure {
            throw PostgresError(.decoding, "column \(columns.names[index]): \(failure.reason) (\(T.self))")
        }
    }

    /// Decodes column `index`, NULL as nil.
    public func decode<T: PostgresDecodable>(_ type: T?.Type = T?.self, at index: Int) throws -> T? {
        guard index < values.count else {
            throw PostgresError(.decoding, "no column \(index); the row has \(values.count)")
        }
        guard values[index] != nil else { return nil }
        return try decode(T.self, at: index)
    }

    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, column name: String) throws -> T {
        try decode(T.self, at: index(of: name))
    }

    public func decode<T: PostgresDecodable>(_ type: T?.Type = T?.self, column name: String) throws -> T? {
        try decode(T?.self, at: index(of: name))
    }

    private func index(of name: String) throws -> Int {
        guard let index = columns.index[name] else {
            throw PostgresError(.decoding, "no column named \(name); have \(columns.names.joined(separator: ", "))")
        }
        return index
    }
}

/// Column names and types, shared by all rows of a result.
final class PostgresColumns: Sendable {
    let names: [String]
    let types: [PostgresType]
    let index: [String: Int]

    init(names: [String], types: [PostgresType]) {
        self.names = names
        self.types = types
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        self.index = index
    }
}
