import Foundation

extension AMQPConnection {
    /// How to reach and talk to the broker.
    public struct Configuration: Sendable, CustomStringConvertible {
        public var host: String
        /// Default 5672, or 5671 with TLS.
        public var port: Int
        /// Default "/".
        public var vhost: String
        public var user: String
        public var password: String
        public var tls: TLS?
        /// Heartbeat interval the client asks for. Default 30 s; the broker may lower it.
        public var heartbeat: Duration
        /// Largest frame the client accepts. Default 128 KiB (RabbitMQ's default).
        public var frameMax: Int
        /// Limit for TCP connect plus the AMQP handshake. Default 10 s.
        public var connectTimeout: Duration
        /// Longest wait for the reply to a synchronous method (declare, bind,
        /// channel open, confirm.select ...). Past it the call fails with
        /// `.timeout` and the connection is closed: a reply arriving later
        /// would be mistaken for the next one's. Default 30 s.
        public var rpcTimeout: Duration
        /// Shown in the broker's management UI and logs. Default "batbern".
        public var connectionName: String
        /// Largest message body a delivery is buffered with. A larger one
        /// still arrives (so it can be settled), but with an empty body, marked
        /// `isTruncated`, with its announced `bodySize`: a huge message cannot
        /// exhaust the process's memory. Default 16 MiB.
        public var maxBodySize: Int
        /// Further brokers (the other nodes of a cluster) a connection tries,
        /// in turn after `host`:`port`, when a node cannot be reached or its
        /// connection was lost (see `AddressRotation`). Default none.
        public var fallbackAddresses: [BrokerAddress] = []
        /// Shared by every copy of this configuration (see `AddressCursor`).
        let cursor = AddressCursor()

        /// Every address, `host`:`port` first.
        public var addresses: [BrokerAddress] { [BrokerAddress(host: host, port: port)] + fallbackAddresses }

        /// TLS settings for `amqps://` URLs.
        public struct TLS: Sendable {
            /// PEM file with the CA that signed the broker's certificate; nil uses none.
            public var caCertificatePath: String?
            /// Default true. Turn off only for local experiments.
            public var verifyPeer: Bool
            /// Default true.
            public var verifyHostname: Bool

            public init(caCertificatePath: String? = nil, verifyPeer: Bool = true, verifyHostname: Bool = true) {
                self.caCertificatePath = caCertificatePath
                self.verifyPeer = verifyPeer
                self.verifyHostname = verifyHostname
            }
        }

        public init(
            host: String = "127.0.0.1",
            port: Int? = nil,
            vhost: String = "/",
            user: String = "guest",
            password: String = "guest",
            tls: TLS? = nil,
            heartbeat: Duration = .seconds(30),
            frameMax: Int = 131_072,
            connectTimeout: Duration = .seconds(10),
            rpcTimeout: Duration = .seconds(30),
            connectionName: String = "batbern",
            maxBodySize: Int = 16 * 1024 * 1024
        ) {
            self.host = host
            self.port = port ?? (tls == nil ? 5672 : 5671)
            self.vhost = vhost
            self.user = user
            self.password = password
            self.tls = tls
            self.heartbeat = heartbeat
            self.frameMax = frameMax
            self.connectTimeout = connectTimeout
            self.rpcTimeout = rpcTimeout
            self.connectionName = connectionName
            self.maxBodySize = maxBodySize
        }

        /// Parses `amqp://user:pass@host:port/vhost` or `amqps://...`, or a
        /// comma-separated list of such URLs, one per node of a cluster: they
        /// may differ only in host and port (the first is `host`:`port`, the
        /// rest `fallbackAddresses`). An error names the URL by its position,
        /// never its password.
        ///
        /// As in the RabbitMQ URI spec, the vhost is the percent-decoded path
        /// without its leading slash, and an empty path means "/".
        public init(url: String) throws {
            let urls = url.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard urls.count > 1 else {
                try self.init(singleURL: url)
                return
            }
            var first: Configuration?
            for (index, text) in urls.enumerated() {
                let position = "URL \(index + 1) of \(urls.count)"
                let node: Configuration
                do {
                    node = try Configuration(singleURL: text)
                } catch var error as AMQPError {
                    error.message = "\(position): \(error.message)"
                    throw error
                }
                guard var list = first else {
                    first = node
                    continue
                }
                guard node.differsOnlyInAddress(from: list) else {
                    throw AMQPError(
                        .invalidURL, "\(position) differs from URL 1 in more than host and port (scheme, user, password, vhost or parameters)")
                }
                list.fallbackAddresses.append(BrokerAddress(host: node.host, port: node.port))
                first = list
            }
            guard let first else { throw AMQPError(.invalidURL, "no URL") }
            self = first
        }

        private init(singleURL url: String) throws {
            guard let components = URLComponents(string: url),
                let scheme = components.scheme?.lowercased(),
                scheme == "amqp" || scheme == "amqps"
            else {
                throw AMQPError(.invalidURL, "expected amqp://user:password@host:port/vhost", context: Self.redacted(url))
            }
            let tls: TLS? = scheme == "amqps" ? TLS() : nil
            var path = components.percentEncodedPath
            if path.hasPrefix("/") { path.removeFirst() }
            let vhost = path.isEmpty ? "/" : (path.removingPercentEncoding ?? path)
            self.init(
                host: components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1",
                port: components.port,
                vhost: vhost,
                user: components.user?.removingPercentEncoding ?? "guest",
                password: components.password?.removingPercentEncoding ?? "guest",
                tls: tls
            )
            for item in components.queryItems ?? [] {
                switch item.name {
                case "heartbeat":
                    if let value = item.value.flatMap(Int.init) { heartbeat = .seconds(value) }
                case "connection_timeout":
                    if let value = item.value.flatMap(Int.init) { connectTimeout = .milliseconds(value) }
                case "frame_max":
                    if let value = item.value.flatMap(Int.init) { frameMax = value }
                case "cacertfile":
                    self.tls?.caCertificatePath = item.value
                case "verify":
                    if item.value == "verify_none" {
                        self.tls?.verifyPeer = false
                        self.tls?.verifyHostname = false
                    }
                default:
                    break
                }
            }
        }

        /// The URL with its password masked, for logs; every address when
        /// there are several.
        public var description: String {
            let hosts = addresses.map(\.description).joined(separator: ",")
            return "\(tls == nil ? "amqp" : "amqps")://\(user):***@\(hosts)/\(vhost == "/" ? "" : vhost)"
        }

        /// Whether `other` names the same broker settings at another address.
        func differsOnlyInAddress(from other: Configuration) -> Bool {
            (tls == nil) == (other.tls == nil) && tls?.caCertificatePath == other.tls?.caCertificatePath
                && tls?.verifyPeer == other.tls?.verifyPeer && tls?.verifyHostname == other.tls?.verifyHostname
                && vhost == other.vhost && user == other.user && password == other.password && heartbeat == other.heartbeat
                && frameMax == other.frameMax && connectTimeout == other.connectTimeout
        }

        static func redacted(_ url: String) -> String {
            guard var components = URLComponents(string: url) else { return "<unparseable URL>" }
            if components.password != nil { components.password = "***" }
            return components.string ?? "<unparseable URL>"
        }
    }
}
