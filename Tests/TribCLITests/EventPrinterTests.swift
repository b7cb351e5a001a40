import RESP
import RedisTrib
import Testing
import TribRuntime

@testable import TribCLI

/// How a statement's value prints, in the shell, with `-c`, in scripts and pipes (one printer for all).
struct EventPrinterTests {
    let text = EventPrinter(output: OutputRenderer(json: false, colour: false), verbose: false)
    let json = EventPrinter(output: OutputRenderer(json: true, colour: false), verbose: false)

    @Test func aStringPrintsAsItsTextAndOtherScalarsAsBefore() {
        #expect(text.lines(showing: .string("7.0.15")) == ["7.0.15"])
        #expect(text.lines(showing: .string("PONG")) == ["PONG"])
        #expect(text.lines(showing: .string("")) == [""])
        // A multi-line reply keeps its lines; an escape sequence is shown, not obeyed.
        #expect(text.lines(showing: .string("a\nb\tc")) == ["a\nb\tc"])
        #expect(text.lines(showing: .string("\u{1B}[2J")) == [#"\u{1B}[2J"#])
        #expect(text.lines(showing: .integer(42)) == ["42"])
        #expect(text.lines(showing: .boolean(true)) == ["true"])
        #expect(text.lines(showing: .nilValue) == ["nil"])
        #expect(text.lines(showing: .address(NodeAddress(host: "127.0.0.1", port: 7000))) == ["127.0.0.1:7000"])
        #expect(text.lines(showing: .slots(SlotSet())) == ["slots()"])
    }

    @Test func echoShowsEscapeSequencesAndKeepsLinesAndTabs() {
        #expect(text.lines(echoing: "{a}e\u{1B}[31mred") == [#"{a}e\u{1B}[31mred"#])
        #expect(text.lines(echoing: "a\nb\tc") == ["a\nb\tc"])
        #expect(json.lines(echoing: "\u{1B}x") == [#"{"echo":"\u001bx"}"#])
    }

    @Test func quotesStayInsideListsAndMaps() {
        #expect(text.lines(showing: .list([.string("a"), .integer(1), .string("b c")])) == [#"["a", 1, "b c"]"#])
        let nested = Value.map(ValueMap([("m", .map(ValueMap([("s", .string("x"))])))]))
        #expect(text.lines(showing: nested) == ["key  value", #"m    {s: "x"}"#])
    }

    @Test func aMapPrintsAsATableOfItsEntries() {
        let config = Value.map(ValueMap([("maxmemory", .string("0")), ("maxmemory-policy", .string("noeviction"))]))
        #expect(text.lines(showing: config) == ["key               value", "maxmemory         0", "maxmemory-policy  noeviction"])
        #expect(text.lines(showing: .map(ValueMap([]))) == ["{}"])
    }

    @Test func jsonIsUnchanged() {
        #expect(json.lines(showing: .string("7.0.15")) == [#"{"value":"7.0.15"}"#])
        #expect(json.lines(showing: .map(ValueMap([("maxmemory", .string("0"))]))) == [#"{"value":{"maxmemory":"0"}}"#])
        #expect(json.lines(showing: .list([.string("a"), .integer(1)])) == [#"{"value":["a",1]}"#])
    }
}
