import Attendees
import Companies
import Events
import Foundation
import Identifiers
import KernelProbe
import Speakers
import Testing

@testable import Messaging

/// The envelope reader's fast path against `JSONDecoder` on the whole body
/// (the path of record): for every body, the same header, the same data or
/// both fail with the same error; real envelopes of the contexts all take the
/// fast path, unusual ones fall back and say so.
@Suite struct EnvelopeReaderTests {
    /// What a body should do: take the fast path, fall back, or either.
    enum Path { case fast, fallback, either }

    /// One body, read as message type `M` by both paths.
    struct Sample {
        let name: String
        let body: [UInt8]
        let path: Path
        /// Compares both paths on a body: a disagreement, or nil; and whether the fast path answered.
        let check: @Sendable ([UInt8]) -> (disagreement: String?, fast: Bool)
    }

    @Test func everyRealEnvelopeTakesTheFastPathWithTheSameAnswer() throws {
        let samples = try Self.realEnvelopes()
        #expect(samples.count == 18)
        var fast = 0
        for sample in samples {
            let (disagreement, tookFastPath) = sample.check(sample.body)
            #expect(disagreement == nil, "\(sample.name): \(disagreement ?? "")")
            if tookFastPath { fast += 1 } else { Issue.record("\(sample.name) fell back: \(Self.text(sample.body))") }
        }
        #expect(fast == samples.count)
    }

    @Test func mutatedEnvelopesGetTheSameAnswerEitherWay() throws {
        var counts: [Path: (cases: Int, fast: Int)] = [:]
        for sample in try Self.mutations() {
            let (disagreement, tookFastPath) = sample.check(sample.body)
            #expect(disagreement == nil, "\(sample.name): \(disagreement ?? "") in \(Self.text(sample.body))")
            switch sample.path {
            case .fast: #expect(tookFastPath, "\(sample.name) fell back: \(Self.text(sample.body))")
            case .fallback: #expect(!tookFastPath, "\(sample.name) took the fast path: \(Self.text(sample.body))")
            case .either: break
            }
            counts[sample.path, default: (0, 0)].cases += 1
            counts[sample.path, default: (0, 0)].fast += tookFastPath ? 1 : 0
        }
        #expect((counts[.fast]?.cases ?? 0) > 30)
        #expect((counts[.fallback]?.cases ?? 0) > 100)
    }

    /// Cut anywhere, a body is invalid JSON (or, cut after its last byte,
    /// the whole one): never a crash, never a header that JSONDecoder would not give.
    @Test func aBodyCutAtEveryOffsetGetsTheSameAnswer() throws {
        for sample in try Self.realEnvelopes().prefix(4) {
            for end in 0..<sample.body.count {
                let (disagreement, tookFastPath) = sample.check(Array(sample.body[..<end]))
                #expect(disagreement == nil, "\(sample.name) cut at \(end): \(disagreement ?? "")")
                #expect(!tookFastPath, "\(sample.name) cut at \(end) took the fast path")
            }
        }
    }

    /// Without a handler the kernel reads the header alone: an envelope
    /// without data is one, and its header is `JSONDecoder`'s.
    @Test func theHeaderAloneIsReadWithoutData() throws {
        let body = Self.body(Self.members(try Self.touch()).filter { $0.key != "data" })
        let header = try #require(EnvelopeReader.read(body))
        #expect(header.data == nil)
        #expect(header.header == (try MessageCoding.decode(EnvelopeHeader.self, from: body)))
        #expect(try EnvelopeHeader.read(body) == header.header)
    }

    // MARK: the corpus

    static let ids = (0..<4).map { _ in Identifier() }
    static let when = Date(timeIntervalSince1970: 1_796_000_000.123)

    static func envelope<M: Message>(
        _ data: M, aggregateId: String? = nil, correlated: Bool = true, caused: Bool = true
    ) -> Envelope<M> {
        Envelope(
            aggregateId: aggregateId ?? ids[1].description, aggregateType: M.aggregateType, eventType: M.name, occurredAt: when,
            data: data, correlationId: correlated ? ids[2] : nil, causationId: caused ? ids[3] : nil
        )
    }

    static func touch() throws -> Envelope<KernelProbe.Touch> {
        envelope(KernelProbe.Touch(n: 7))
    }

    /// Messages of several contexts as their workers write them
    /// (`encodedJSON`, the outbox) and as a client sends them (`MessageCoding.encode`).
    static func realEnvelopes() throws -> [Sample] {
        let company = CreateCompany(
            name: "Müller & Söhne AG", displayName: "Müller \"M&S\"", isPartner: true, website: "https://example.ch/a/b",
            industry: "Software", employeeCount: 40, description: "Line one\nline two\ttab 😀", createdBy: ids[0]
        )
        let update = UpdateCompany(companyId: ids[1], name: "Acme", website: .clear, employeeCount: 12)
        let invite = InviteSpeaker(
            speakerId: ids[0], sessionId: ids[1], role: "primary", presentationTitle: "Ünïcödé → talk", responseDeadline: when
        )
        let speaker = RegisterSpeaker(
            email: "a@example.ch", firstName: "Zoë", lastName: "O'Brien", companyId: ids[2], expertiseAreas: ["swift", "amqp"])
        let registration = RegisterAttendee(
            eventId: ids[1], email: "ana@example.ch", firstName: "Ana", lastName: "Šimić", gdprConsent: true,
            specialRequests: "vegan, \"no nuts\"", sessionPreferences: [ids[2], ids[3]]
        )
        let event = CreateEvent(
            eventNumber: 42, title: "BATbern 42", eventDate: when, registrationDeadline: when, venueName: "Kursaal",
            venueAddress: "Kornhausstrasse 3, Bern", venueCapacity: 500, organizerId: ids[0],
            metadata: .object(["tags": .array([.string("a"), .number(1.5), .null, .bool(false)]), "deep": .object(["x": .object([:])])])
        )
        let rejected = CommandRejected(commandType: "InviteSpeaker", reason: "unknown_speaker", message: "speaker 1 is not known")
        return [
            try samples(envelope(company), "companies.CreateCompany"),
            try samples(envelope(update, caused: false), "companies.UpdateCompany"),
            try samples(envelope(invite), "speakers.InviteSpeaker"),
            try samples(envelope(speaker, aggregateId: "speaker-by-email", correlated: false, caused: false), "speakers.RegisterSpeaker"),
            try samples(envelope(registration, aggregateId: ids[1].description.uppercased()), "attendees.RegisterAttendee"),
            try samples(envelope(event), "events.CreateEvent"),
            try samples(envelope(KernelProbe.Touch(n: 1, holdMilliseconds: 5)), "probe.Touch"),
            try samples(envelope(KernelProbe.Touched(KernelProbe.Touch(n: -3))), "probe.Touched"),
            try samples(
                Envelope(aggregateId: "Zürich 😀", aggregateType: "Event", eventType: CommandRejected.eventType, occurredAt: when, data: rejected),
                "CommandRejected"),
        ].flatMap { $0 }
    }

    static func samples<M: Codable & Sendable>(_ envelope: Envelope<M>, _ name: String) throws -> [Sample] {
        [
            sample(M.self, "\(name) (outbox)", try envelope.encodedJSON(), .fast),
            sample(M.self, "\(name) (client)", try MessageCoding.encode(envelope), .fast),
        ]
    }

    /// Unusual bodies made from a real one.
    static func mutations() throws -> [Sample] {
        let base = try touch()
        let members = members(base)
        var samples: [Sample] = []
        func add(_ name: String, _ path: Path, _ members: [(key: String, value: String)]) {
            samples.append(sample(KernelProbe.Touch.self, name, body(members), path))
        }
        func add(_ name: String, _ path: Path, _ text: String) {
            samples.append(sample(KernelProbe.Touch.self, name, Array(text.utf8), path))
        }
        func add(_ name: String, _ path: Path, bytes: [UInt8]) {
            samples.append(sample(KernelProbe.Touch.self, name, bytes, path))
        }
        func replacing(_ key: String, with value: String) -> [(key: String, value: String)] {
            members.map { $0.key == key ? (key, value) : $0 }
        }
        let headerKeys = members.map(\.key).filter { $0 != "data" }

        // Orders, whitespace, unknown keys: still the fast path.
        add("reversed keys", .fast, members.reversed())
        for rotation in 1..<members.count {
            add("keys rotated by \(rotation)", .fast, Array(members[rotation...] + members[..<rotation]))
        }
        add("whitespace everywhere", .fast, " \t\r\n" + text(body(members, space: " \n\t\r ")) + "\n\r\t ")
        add("data pretty-printed", .fast, replacing("data", with: "{\n  \"n\" : 7 ,\n\t\"holdMilliseconds\" : null\n}"))
        let unknownValues = [
            "1", "0", "-0", "1.5e-3", "1E+2", "-12.25", "true", "false", "null", #""""#, #""plain""#, #""é 😀 ü""#,
            #""escapes \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00""#, "[]", "{}", #"[1,[2,[3,{"a":[{}]}]],"x",null]"#,
            #"{"a":{"b":{"c":[true,false,null]}},"a":1}"#, String(repeating: "[", count: 60) + String(repeating: "]", count: 60),
        ]
        for (index, value) in unknownValues.enumerated() {
            add("unknown key with \(value)", .fast, members + [("unknown\(index)", value)])
            add("unknown key first with \(value)", .fast, [("x", value)] + members)
        }
        // A lone surrogate nobody reads: JSONDecoder does not look either
        // (and the kernel's InputChecks refused the body before).
        add("unknown lone surrogate", .either, members + [("x", #""\ud800""#)])
        add("unknown keys twice", .fast, members + [("x", "1"), ("x", #""two""#)])
        add("aggregate id with unicode", .fast, replacing("aggregateId", with: #""Zürich 😀 ü""#))
        add("aggregate id uppercase UUID", .fast, replacing("aggregateId", with: "\"\(ids[1].description.uppercased())\""))
        add("identifiers uppercase", .fast, replacing("id", with: "\"\(ids[0].description.uppercased())\""))
        add("aggregate type with DEL", .fast, replacing("aggregateType", with: "\"a\u{7f}b\""))
        add("eventVersion 2", .fast, replacing("eventVersion", with: "2"))
        add("eventVersion 0", .fast, replacing("eventVersion", with: "0"))
        add("eventVersion large", .fast, replacing("eventVersion", with: "123456789012345678"))
        for timestamp in [
            "2026-12-01T10:00:00Z", "2026-12-01t10:00:00z", "2026-12-01T10:00:00.123456789123Z", "2026-12-01T10:00:00+05:30",
            "2024-02-29T23:59:59-00:00",
        ] {
            add("occurredAt \(timestamp)", .fast, replacing("occurredAt", with: "\"\(timestamp)\""))
        }
        add("no causation", .fast, members.filter { $0.key != "causationId" })
        add("eventVersion of 18 digits", .fast, replacing("eventVersion", with: "999999999999999999"))

        // Unusual: the fast path gives up, JSONDecoder answers.
        for key in headerKeys {
            let value = members.first { $0.key == key }?.value ?? ""
            if value.hasPrefix("\"") {
                add("\(key) escaped", .fallback, replacing(key, with: escapingFirstCharacter(value)))
                add("\(key) with an escaped slash", .fallback, replacing(key, with: String(value.dropLast()) + #"\/""#))
                add("\(key) with a tab", .fallback, replacing(key, with: String(value.dropLast()) + "\t\""))
            }
            add("\(key) null", .fallback, replacing(key, with: "null"))
            add("\(key) missing", key == "causationId" ? .fast : .fallback, members.filter { $0.key != key })
            for other in ["1", "true", "[]", "{}"] where other != value {
                add("\(key) as \(other)", .fallback, replacing(key, with: other))
            }
            for other in [#""""#, #""x""#] {
                add("\(key) as \(other)", .either, replacing(key, with: other))
            }
            add("\(key) twice, same value", .fallback, members + [(key, value)])
            add("\(key) twice, first another value", .fallback, [(key, #""other""#)] + members)
            add("key \(key) escaped", .fallback, members + [(escapingFirstCharacter("\"\(key)\"").dropFirst().dropLast().description, value)])
        }
        add("data twice", .fallback, members + [("data", #"{"n":8}"#)])
        add("data null", .fallback, replacing("data", with: "null"))
        add("data missing", .fallback, members.filter { $0.key != "data" })
        add("data of another shape", .fallback, replacing("data", with: #"{"n":"seven"}"#))
        add("data a string", .fallback, replacing("data", with: #""7""#))
        add("data with a trailing comma", .fallback, replacing("data", with: #"{"n":7,}"#))
        for number in [
            "1.0", "1e0", "-0", "01", "-1", "+1", "1.", ".5", "1e", "0x1", "9999999999999999999", "99999999999999999999999", "1 2", "Infinity", "NaN",
        ] {
            add("eventVersion \(number)", .fallback, replacing("eventVersion", with: number))
            add("unknown number \(number)", .either, members + [("x", number)])
        }
        for timestamp in ["2026-02-30T10:00:00Z", "2026-12-01 10:00:00Z", "2026-12-01T10:00:00", "2026-12-01T24:00:00Z", "yesterday"] {
            add("occurredAt \(timestamp)", .fallback, replacing("occurredAt", with: "\"\(timestamp)\""))
        }
        for id in ["{\(ids[0])}", "urn:uuid:\(ids[0])", String(ids[0].description.dropLast()), "\(ids[0])0", "not-a-uuid"] {
            add("id \(id)", .fallback, replacing("id", with: "\"\(id)\""))
            add("causationId \(id)", .fallback, replacing("causationId", with: "\"\(id)\""))
        }
        for value in [
            #""\q""#, #""\u12""#, #""\u12G4""#, "\"a\u{1}b\"", "[1,]", "[1 2]", "{\"a\"}", "{\"a\":}", "{a:1}", "tru", "nul",
            "'x'", "[", "{", String(repeating: "[", count: 70) + String(repeating: "]", count: 70),
            String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
        ] {
            add("unknown value \(value.prefix(20))", .fallback, members + [("x", value)])
        }
        let text = body(members).map { String(decoding: [$0], as: UTF8.self) }.joined()
        add("trailing comma", .fallback, String(text.dropLast()) + ",}")
        add("empty member", .fallback, String(text.dropLast()) + ",,\"x\":1}")
        for garbage in ["x", "}", "{}", " ,", "\u{0}", "[]", "0"] {
            add("trailing \(garbage)", .fallback, text + garbage)
        }
        for other in ["[]", "[\(text)]", #""text""#, "1", "null", "true", "", " ", "{}", "{\"id\":1}"] {
            add("a body \(other.prefix(10))", .fallback, other)
        }
        add("byte order mark", .fallback, "\u{feff}" + text)
        add("non-ASCII unknown key", .fallback, members + [("ünknown", "1")])
        let good = body(members)
        for (name, invalid) in [
            ("0xff", [0xff]), ("overlong", [0xc0, 0x80]), ("surrogate", [0xed, 0xa0, 0x80]), ("cut sequence", [0xe2, 0x82]),
            ("past U+10FFFF", [0xf4, 0x90, 0x80, 0x80]), ("lone continuation", [0x80]), ("NUL", [0x00]),
        ] as [(String, [UInt8])] {
            add("invalid UTF-8 (\(name)) in aggregateId", .fallback, bytes: splice(invalid, into: good, after: "\"aggregateId\":\""))
            add(
                "invalid UTF-8 (\(name)) in an unknown string", .fallback,
                bytes: Array(body(members + [("x", "\"a\"")]).dropLast(3)) + invalid + Array("\"}".utf8))
        }
        return samples
    }

    // MARK: building and checking

    /// The envelope's members in the order and form `encodedJSON` writes them.
    static func members<M: Codable & Sendable>(_ envelope: Envelope<M>) -> [(key: String, value: String)] {
        let json = (try? envelope.encodedJSON()) ?? []
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else { return [] }
        return object.keys.sorted().compactMap { key in
            guard let value = object[key] else { return nil }
            let data =
                (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            return (key, String(decoding: data, as: UTF8.self))
        }
    }

    static func body(_ members: [(key: String, value: String)], space: String = "") -> [UInt8] {
        let inner = members.map { "\(space)\"\($0.key)\"\(space):\(space)\($0.value)\(space)" }.joined(separator: ",")
        return Array("{\(inner)}".utf8)
    }

    /// A JSON string literal with its first character written as a `\u` escape.
    static func escapingFirstCharacter(_ literal: String) -> String {
        guard literal.hasPrefix("\""), let first = literal.dropFirst().unicodeScalars.first, first.isASCII, first != "\"" else {
            return literal
        }
        let hex = String(first.value, radix: 16)
        return "\"\\u" + String(repeating: "0", count: 4 - hex.count) + hex + literal.dropFirst(2)
    }

    /// `body` with `bytes` put in after the first `marker`.
    static func splice(_ bytes: [UInt8], into body: [UInt8], after marker: String) -> [UInt8] {
        let needle = Array(marker.utf8)
        guard let start = body.indices.first(where: { body[$0...].starts(with: needle) }) else { return body }
        let position = start + needle.count
        return Array(body[..<position]) + bytes + Array(body[position...])
    }

    static func text(_ body: [UInt8]) -> String {
        String(decoding: body, as: UTF8.self)
    }

    static func sample<M: Codable & Sendable>(_ type: M.Type, _ name: String, _ body: [UInt8], _ path: Path) -> Sample {
        Sample(name: name, body: body, path: path) { body in compare(M.self, body) }
    }

    /// Both paths on one body, as handler (header and data) and as the
    /// kernel without a handler (header alone).
    static func compare<M: Codable & Sendable>(_ type: M.Type, _ body: [UInt8]) -> (disagreement: String?, fast: Bool) {
        let fast = DecodedEnvelope<M>.fastRead(body) != nil
        let old = Result { try MessageCoding.decode(DecodedEnvelope<M>.self, from: body) }
        let new = Result { try DecodedEnvelope<M>.read(body) }
        let oldHeader = Result { try MessageCoding.decode(EnvelopeHeader.self, from: body) }
        let newHeader = Result { try EnvelopeHeader.read(body) }
        if let readerHeader = EnvelopeReader.read(body)?.header, readerHeader != (try? oldHeader.get()) {
            return ("the reader's header \(readerHeader) is not JSONDecoder's", fast)
        }
        if let disagreement = differ(oldHeader, newHeader, { "\($0)" }) { return ("header alone: \(disagreement)", fast) }
        switch (old, new) {
        case (.success(let old), .success(let new)):
            guard old.header == new.header else { return ("header \(old.header) ≠ \(new.header)", fast) }
            return (differ(old.data, new.data, { Self.text((try? MessageCoding.encode($0)) ?? []) }).map { "data: \($0)" }, fast)
        default:
            return (differ(old, new, { "\($0.header)" }).map { "envelope: \($0)" }, fast)
        }
    }

    /// How two results differ (value as `show` writes it, or error text), or nil.
    static func differ<T>(_ old: Result<T, any Error>, _ new: Result<T, any Error>, _ show: (T) -> String) -> String? {
        switch (old, new) {
        case (.success(let old), .success(let new)): show(old) == show(new) ? nil : "\(show(old)) ≠ \(show(new))"
        case (.failure(let old), .failure(let new)): "\(old)" == "\(new)" ? nil : "error \(old) ≠ \(new)"
        case (.success, .failure(let error)): "only the new path failed: \(error)"
        case (.failure(let error), .success): "only the old path failed: \(error)"
        }
    }
}
