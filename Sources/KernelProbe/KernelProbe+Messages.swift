public import Messaging

extension KernelProbe {
    /// The probe's messages: context and aggregate type `probe`. The probe
    /// runs under any name, though: it registers its commands `to:` its name
    /// and publishes under it. Messages with the same fields share them
    /// (`SharedFields`).
    public protocol ProbeMessage: Message {}

    // MARK: commands

    /// Writes a row and publishes Touched.
    public struct Touch: Command, ProbeMessage, Hashable {
        public static let name = "Touch"

        public var n: Int
        /// Makes the handler take this long, to have messages in flight.
        public var holdMilliseconds: Int?
        public init(n: Int, holdMilliseconds: Int? = nil) {
            self.n = n
            self.holdMilliseconds = holdMilliseconds
        }
    }

    /// Fails until probe_fixed holds a row, then behaves like Touch.
    public struct Explode: Command, ProbeMessage, SharedFields, Hashable {
        public static let name = "Explode"
        public let fields: Touch
        public init(_ fields: Touch) { self.fields = fields }
    }

    /// Writes like Touch, then refuses: the write must not survive.
    public struct Refuse: Command, ProbeMessage, SharedFields, Hashable {
        public static let name = "Refuse"
        public let fields: Touch
        public init(_ fields: Touch) { self.fields = fields }
    }

    /// Kills its own process, as a poison message would.
    public struct Crash: Command, ProbeMessage, SharedFields, Hashable {
        public static let name = "Crash"
        public let fields: Touch
        public init(_ fields: Touch) { self.fields = fields }
    }

    /// Schedules a Touch `inSeconds` from now under the timer key `key`.
    public struct Remind: Command, ProbeMessage, Hashable {
        public static let name = "Remind"

        public var n: Int
        public var inSeconds: Double
        public var key: String
        public init(n: Int, inSeconds: Double, key: String) {
            self.n = n
            self.inSeconds = inSeconds
            self.key = key
        }
    }

    public struct CancelReminder: Command, ProbeMessage, Hashable {
        public static let name = "CancelReminder"

        public var key: String
        public init(key: String) { self.key = key }
    }

    /// Asks the kernel to forget the messages mentioning `needles`.
    public struct Forget: Command, ProbeMessage, Hashable {
        public static let name = "Forget"

        public var n: Int
        public var needles: [String]
        public init(n: Int, needles: [String]) {
            self.n = n
            self.needles = needles
        }
    }

    /// Stored in a column of eight characters that refuses `banned`: a
    /// longer code or that word makes PostgreSQL answer with a data error.
    public struct Store: Command, ProbeMessage, Hashable {
        public static let name = "Store"

        public var n: Int
        public var code: String
        public init(n: Int, code: String) {
            self.n = n
            self.code = code
        }
    }

    // MARK: events

    public struct Touched: DomainEvent, ProbeMessage, SharedFields, Hashable {
        public static let name = "Touched"
        public let fields: Touch
        public init(_ fields: Touch) { self.fields = fields }
    }

    public struct ReminderSet: DomainEvent, ProbeMessage, SharedFields, Hashable {
        public static let name = "ReminderSet"
        public let fields: Remind
        public init(_ fields: Remind) { self.fields = fields }
    }

    public struct ReminderCancelled: DomainEvent, ProbeMessage, SharedFields, Hashable {
        public static let name = "ReminderCancelled"
        public let fields: CancelReminder
        public init(_ fields: CancelReminder) { self.fields = fields }
    }

    public struct Stored: DomainEvent, ProbeMessage, SharedFields, Hashable {
        public static let name = "Stored"
        public let fields: Store
        public init(_ fields: Store) { self.fields = fields }
    }

    /// `{n}` of a Forget, never its needles.
    public struct Forgotten: DomainEvent, ProbeMessage, SharedFields, Hashable {
        public static let name = "Forgotten"
        public let fields: Touch
        public init(_ fields: Touch) { self.fields = fields }
    }

    /// An event from outside (`<name>-outside`) with Store's fields, which
    /// nobody can be answered for.
    public struct Observed: DomainEvent, ProbeMessage, SharedFields, Hashable {
        public static let name = "Observed"
        public static let context = "probe-outside"
        public let fields: Store
        public init(_ fields: Store) { self.fields = fields }
    }
}

extension KernelProbe.ProbeMessage {
    public static var context: String { "probe" }
    public static var aggregateType: String { "probe" }
}
