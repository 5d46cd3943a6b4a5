import Messaging
import Testing

/// W3C `traceparent` checking, pure: what the kernel passes on and what it drops.
@Suite struct TraceParentTests {
    static let valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

    @Test func aValidContextIsKeptAsItCame() throws {
        let parent = try #require(TraceParent(Self.valid, state: "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"))
        #expect(parent.traceparent == Self.valid)
        #expect(parent.traceId == "0af7651916cd43dd8448eb211c80319c")
        #expect(parent.spanId == "b7ad6b7169203331")
        #expect(parent.tracestate == "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
        #expect(TraceParent(amqpHeaders: parent.amqpHeaders) == parent)
    }

    @Test(arguments: [
        "", "garbage", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
        "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
        "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0g",
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01x",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b71692033é-01",
    ])
    func anInvalidContextIsDropped(_ value: String) {
        #expect(TraceParent(value) == nil)
    }

    /// A later version is read by its first four fields, as the spec says,
    /// and passed on as version 00.
    @Test func aLaterVersionIsReadAsVersionZero() throws {
        let later = try #require(TraceParent("cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-what-comes-next"))
        #expect(later.traceparent == Self.valid)
    }

    @Test(arguments: ["bad\u{1}state", String(repeating: "a=b,", count: 200)])
    func anInvalidStateIsDroppedAndTheParentKept(_ state: String) throws {
        let parent = try #require(TraceParent(Self.valid, state: state))
        #expect(parent.tracestate == nil)
        #expect(parent.amqpHeaders[TraceParent.stateHeader] == nil)
    }

    @Test func rootsAreValidAndNew() throws {
        let roots = (0..<100).map { _ in TraceParent.root() }
        #expect(roots.allSatisfy { TraceParent($0.traceparent) == $0 && $0.traceparent.hasSuffix("-01") })
        #expect(Set(roots.map(\.traceId)).count == 100)
    }
}
