extension PostgresConnection.Configuration {
    /// One server a connection may go to. A configuration lists one or more,
    /// which libpq tries in order (its multi-host form) until one gives the
    /// session `targetSessionAttributes` asks for.
    public struct Server: Sendable, Hashable, CustomStringConvertible {
        /// A name or an address, IPv6 without brackets.
        public var host: String
        /// Default 5432.
        public var port: Int

        public init(host: String, port: Int = 5432) {
            self.host = host
            self.port = port
        }

        /// `host:port`, an IPv6 address in brackets, as a URL has it.
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }
}
