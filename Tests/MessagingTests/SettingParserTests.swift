import Messaging
import Testing

/// The settings reader's parse functions, without a process: each reads what
/// it allows and refuses the rest with a reason that quotes nothing secret.
@Suite struct SettingParserTests {
    func value<Value>(_ parser: SettingParser<Value>, _ text: String) -> Value? {
        try? parser.parse(text).get()
    }

    func refusal<Value>(_ parser: SettingParser<Value>, _ text: String) -> String? {
        guard case .failure(let refusal) = parser.parse(text) else { return nil }
        return refusal.reason
    }

    @Test func wholeNumbersInTheirRange() {
        let prefetch = SettingParser<UInt16>.integer(in: 1...65535)
        #expect(value(prefetch, "64") == 64)
        #expect(value(prefetch, "65535") == 65535)
        #expect(refusal(prefetch, "0") == "0 is out of range")
        #expect(refusal(prefetch, "65536") == "65536 is out of range")
        #expect(refusal(prefetch, "-1") == "-1 is out of range")
        #expect(refusal(prefetch, "99999999999999999999999") == "99999999999999999999999 is out of range")
        for text in ["many", "1e3", "1.5", "0x10", "", "+"] {
            #expect(refusal(prefetch, text) == "not a whole number", "\(text)")
        }
        #expect(prefetch.allowed == "a whole number in 1...65535")
    }

    @Test func durationsNeedAUnit() {
        let timeout = SettingParser<Duration>.duration(in: .milliseconds(1) ... .seconds(600))
        #expect(value(timeout, "25s") == .seconds(25))
        #expect(value(timeout, "500ms") == .milliseconds(500))
        #expect(value(timeout, "2m") == .seconds(120))
        #expect(refusal(timeout, "1h") == "1h is out of range")
        #expect(refusal(timeout, "0s") == "0s is out of range")
        #expect(refusal(timeout, "99999999999999999h") == "99999999999999999h is out of range")
        for text in ["10", "1.5s", "-1s", "s", "5 s", "5sec", "PT5S"] {
            #expect(refusal(timeout, text) == "not a duration", "\(text)")
        }
        #expect(timeout.allowed == "a duration such as 500ms, 25s or 2m, from 1ms to 10m")
    }

    @Test func byteSizesInBinaryOrDecimalUnits() {
        let size = SettingParser<Int>.byteSize(in: 1024...(64 << 20))
        #expect(value(size, "1MiB") == 1 << 20)
        #expect(value(size, "512KiB") == 512 << 10)
        #expect(value(size, "65536") == 65536)
        #expect(value(size, "65536B") == 65536)
        #expect(value(size, "1MB") == 1_000_000)
        #expect(value(size, "2kB") == 2000)
        #expect(refusal(size, "1GiB") == "1GiB is out of range")
        #expect(refusal(size, "12") == "12 is out of range")
        for text in ["1 MiB", "1mib", "1.5MiB", "-1KiB", "MiB", "lots"] {
            #expect(refusal(size, text) == "not a size", "\(text)")
        }
        #expect(size.allowed == "a size such as 65536, 512KiB or 1MiB, from 1KiB to 64MiB")
    }

    /// The parse functions the settings other engineers add will use:
    /// BATBERN_SHUTDOWN_TIMEOUT, BATBERN_STALL_TIMEOUT, database timeouts,
    /// BATBERN_MAX_MESSAGE_BYTES.
    @Test func theShapesOfTheComingSettings() {
        let timeout = SettingParser<Duration>.duration(in: .milliseconds(1) ... .seconds(3600))
        var reader = SettingsReader(environment: [
            "BATBERN_SHUTDOWN_TIMEOUT": "25s", "BATBERN_STALL_TIMEOUT": "2m", "BATBERN_DATABASE_STATEMENT_TIMEOUT": "500ms",
            "BATBERN_MAX_MESSAGE_BYTES": "1MiB", "BATBERN_DATABASE_LOCK_TIMEOUT": "soon",
        ])
        #expect(reader.read("BATBERN_SHUTDOWN_TIMEOUT", timeout) == .seconds(25))
        #expect(reader.read("BATBERN_STALL_TIMEOUT", timeout) == .seconds(120))
        #expect(reader.read("BATBERN_DATABASE_STATEMENT_TIMEOUT", timeout) == .milliseconds(500))
        #expect(reader.read("BATBERN_MAX_MESSAGE_BYTES", .byteSize(in: 1024...(128 << 20))) == 1 << 20)
        #expect(reader.read("BATBERN_DATABASE_LOCK_TIMEOUT", timeout) == nil)
        #expect(
            reader.problems == [
                "BATBERN_DATABASE_LOCK_TIMEOUT: not a duration (allowed: a duration such as 500ms, 25s or 2m, from 1ms to 1h)"
            ])
    }

    @Test func listsAreCommaSeparatedAndNoneIsEmpty() {
        let delays = SettingParser<[Duration]>.list(
            of: .duration(in: .milliseconds(1) ... .seconds(86_400)), maxCount: 3, noneMeans: "no retries"
        )
        #expect(value(delays, "1s,10s,60s") == [.seconds(1), .seconds(10), .seconds(60)])
        #expect(value(delays, "200ms, 2s") == [.milliseconds(200), .seconds(2)])
        #expect(value(delays, "none") == [])
        #expect(refusal(delays, "1s,,2s") == "item 2 is empty")
        #expect(refusal(delays, "1s,0s") == "item 2: 0s is out of range")
        #expect(refusal(delays, "1s,-10s") == "item 2: not a duration")
        #expect(refusal(delays, "1s,2s,3s,4s") == "4 items, more than 3")
        #expect(delays.allowed.hasSuffix("; or none for no retries"))
    }

    @Test func secondsArePositiveAndMayHaveFractions() {
        let window = SettingParser<Double>.seconds(upTo: 3600)
        #expect(value(window, "20") == 20)
        #expect(value(window, "0.5") == 0.5)
        #expect(refusal(window, "0") == "0 is out of range")
        #expect(refusal(window, "-5") == "-5 is out of range")
        #expect(refusal(window, "3601") == "3601 is out of range")
        for text in ["soon", "inf", "nan", "1e5", "5s"] {
            #expect(refusal(window, text) == "not a number of seconds", "\(text)")
        }
    }

    @Test func choicesInAnyLetterCase() {
        let levels = SettingParser<Level>.oneOf(Level.allCases)
        #expect(value(levels, "debug") == .debug)
        #expect(value(levels, "INFO") == .info)
        #expect(refusal(levels, "verbose") == "not one of the allowed values")
        #expect(levels.allowed == "one of debug, info")
    }

    enum Level: String, CaseIterable, Sendable {
        case debug, info
    }

    @Test func ipv4AddressesOnly() {
        for text in ["127.0.0.1", "0.0.0.0", "10.1.255.3"] {
            #expect(value(.ipv4Address, text) == text)
        }
        for text in ["localhost", "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "::1", "1.2.3.", "a.b.c.d"] {
            #expect(refusal(.ipv4Address, text) == "not an IPv4 address", "\(text)")
        }
    }

    @Test func refusedURLsAreQuotedWithTheirPasswordMasked() throws {
        #expect(refusal(.brokerURL, "http://batbern:hunter2@host/batbern") == "cannot use http://batbern:***@host/batbern")
        let withAtInPassword = try #require(refusal(.brokerURL, "http://u:p@ss/w@host/v"))
        #expect(withAtInPassword == "cannot use http://u:***@host/v")
        #expect(refusal(.brokerURL, "amqp://batbern:hunter2") == "cannot use amqp://batbern:***")
        #expect(refusal(.databaseURL, "hunter2") == "cannot use a text that is not a URL")
        #expect(refusal(.databaseURL, "postgres://127.0.0.1:5432/") == "cannot use postgres://127.0.0.1:5432/")
        #expect(value(.brokerURL, "amqp://batbern:hunter2@rabbit:5672/batbern")?.host == "rabbit")
        #expect(value(.databaseURL, "postgres://batbern:hunter2@db/batbern_speakers")?.database == "batbern_speakers")
    }

    @Test func brokerURLsListSeveralNodesAndARefusedOneIsNamedByPosition() {
        let nodes = "amqp://w:hunter2@127.0.0.1:5681/batbern,amqp://w:hunter2@127.0.0.1:5682/batbern"
        #expect(value(.brokerURL, nodes)?.addresses.map(\.port) == [5681, 5682])
        #expect(
            refusal(.brokerURL, "amqp://w:hunter2@a/batbern,ftp://w:hunter2@b/batbern")
                == "URL 2 of 2: cannot use ftp://w:***@b/batbern")
        #expect(refusal(.brokerURL, "amqp://w:hunter2@a/batbern,,amqp://w:hunter2@c/batbern") == "URL 2 of 3 is empty")
        let differing = refusal(.brokerURL, "amqp://w:hunter2@a/batbern,amqp://w:hunter3@b/batbern")
        #expect(differing?.hasPrefix("URL 2 of 2 differs from URL 1") == true)
        #expect(differing?.contains("hunter") == false)
    }

    @Test func multiHostDatabaseURLsAreTakenAndQuotedWithTheirPasswordMasked() throws {
        let url = "postgresql://w:hunter2@127.0.0.1:5442,127.0.0.1:5443/batbern_events?target_session_attrs=read-write"
        #expect(value(.databaseURL, url)?.database == "batbern_events")
        #expect(
            refusal(.databaseURL, "postgresql://w:hunter2@127.0.0.1:5442,127.0.0.1:5443/batbern_events?target_session_attrs=no")
                == "cannot use postgresql://w:***@127.0.0.1:5442,127.0.0.1:5443/batbern_events?target_session_attrs=no")
        #expect(
            refusal(.databaseURL, "postgres://127.0.0.1:5442,127.0.0.1:5443/db")
                == "cannot use postgres://127.0.0.1:5442,127.0.0.1:5443/db", "servers and ports are no password")
        #expect(refusal(.databaseURL, "postgres://w:hunter2,h2:5443/db") == "cannot use postgres://w:***/db")
    }

    @Test func theReaderPrefersFlagsCollectsEveryProblemOnceAndKeepsDefaults() {
        var reader = SettingsReader(
            environment: ["BATBERN_PREFETCH": "0", "BATBERN_BATCH_SIZE": "8", "BATBERN_CONCURRENCY": "none", "BATBERN_EMPTY": " "],
            flags: ["--prefetch": "16", "--concurrency": "0"]
        )
        let range = SettingParser<Int>.integer(in: 1...100)
        #expect(reader.read("BATBERN_PREFETCH", flag: "--prefetch", range) == 16, "the flag wins")
        #expect(reader.read("BATBERN_BATCH_SIZE", flag: "--batch-size", range) == 8)
        var concurrency = 2
        reader.read("BATBERN_CONCURRENCY", flag: "--concurrency", range, into: &concurrency)
        reader.read("BATBERN_CONCURRENCY", flag: "--concurrency", range, into: &concurrency)
        #expect(concurrency == 2, "a refused value keeps the default")
        var absent = 7
        reader.read("BATBERN_ABSENT", range, into: &absent)
        #expect(absent == 7)
        #expect(reader.read("BATBERN_EMPTY", range) == nil)
        #expect(
            reader.problems == [
                "--concurrency: 0 is out of range (allowed: a whole number in 1...100)",
                "BATBERN_EMPTY: empty (unset it for the default; allowed: a whole number in 1...100)",
            ])
        #expect(throws: InvalidSettings(problems: reader.problems)) { try reader.validate() }
        #expect(throws: Never.self) { try SettingsReader(environment: [:]).validate() }
    }
}
