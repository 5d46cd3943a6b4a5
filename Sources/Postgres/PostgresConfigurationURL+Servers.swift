extension PostgresConnection.Configuration {
    /// A URL's servers when it names several (`host:port,host:port`, libpq's
    /// multi-host form, which `URLComponents` cannot read), and the URL with
    /// only the first left for `URLComponents` to read the rest; nil servers
    /// for a URL with one. Errors never quote the URL: it holds a password.
    static func splittingServers(_ url: String) throws -> (url: String, servers: [Server]?) {
        guard let schemeEnd = url.range(of: "://") else { return (url, nil) }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let list = authority.lastIndex(of: "@").map { authority[authority.index(after: $0)...] } ?? authority
        guard list.contains(",") else { return (url, nil) }
        let entries = list.split(separator: ",", omittingEmptySubsequences: false)
        let servers = try entries.map { entry in
            guard let server = server(entry) else {
                throw PostgresError(
                    .invalidConfiguration, "the database URL's servers are not valid: expected host:port,host:port (a port 1-65535)")
            }
            return server
        }
        return (String(url[..<list.startIndex]) + entries[0] + url[list.endIndex...], servers)
    }

    /// `host`, `host:port`, `[ipv6]` or `[ipv6]:port`; nil if it is none of them.
    private static func server(_ entry: Substring) -> Server? {
        var host = entry
        var port: Substring?
        if entry.hasPrefix("[") {
            guard let close = entry.firstIndex(of: "]") else { return nil }
            host = entry[entry.index(after: entry.startIndex)..<close]
            let after = entry[entry.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                port = after.dropFirst()
            }
        } else if let colon = entry.firstIndex(of: ":") {
            host = entry[..<colon]
            port = entry[entry.index(after: colon)...]
        }
        guard !host.isEmpty else { return nil }
        guard let port else { return Server(host: String(host)) }
        guard port.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(port), (1...65535).contains(number) else { return nil }
        return Server(host: String(host), port: number)
    }
}
