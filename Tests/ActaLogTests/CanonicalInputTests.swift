import ActaLog
import Testing

/// ``CanonicalJSON/isCanonical(_:)``: an import hashes data bytes as the line holds them when
/// this says they are canonical, so a true must always mean byte-for-byte what
/// ``CanonicalJSON/encode(_:)`` writes; a false only costs an encoding.
@Suite struct CanonicalInputTests {
    static func isCanonical(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { CanonicalJSON.isCanonical($0) }
    }

    @Test(arguments: [
        #"{"a":[true,"é"],"b":1}"#, #"{"":0,"a":null,"b":false}"#, "{\"k\":\"\\\"\\\\\\b\\t\\n\\f\\r\\u0001\\u001f\u{7F}/é€\"}",
        #"{"a":{"b":[{"c":[]},{}],"d":-12},"e":9007199254740991,"f":-9007199254740991,"g":0}"#, "{\"\u{80}\":1,\"€\":2}",
        #"[]"#, #""x""#, "{\"text\":\"\u{7F} and 🜂, a control-free line\"}",
    ])
    func canonicalInputIsTakenAsItStands(text: String) throws {
        #expect(Self.isCanonical(text), "\(text)")
        #expect(CanonicalJSON.encode(try JSONParser.parse(text)) == Array(text.utf8))
    }

    @Test(arguments: [
        #"{"a": 1}"#, #" {"a":1}"#, #"{"b":1,"a":2}"#, #"{"a":1.0}"#, #"{"a":1e3}"#, #"{"a":-0}"#, #"{"a":1.5}"#,
        #"{"a":"\/"}"#, #"{"a":"\u0041"}"#, #"{"a":"\u000a"}"#, #"{"a":"\u001F"}"#, #"{"a":"\ud83d\ude00"}"#,
        #"{"a\n":1}"#, #"{"😀":1,"a":2}"#, #"{"a":{"d":1,"c":2}}"#, #"[1, 2]"#, #"{"a":[{"b":1,"b0":2},{"y":1,"x":2}]}"#,
    ])
    func anythingElseIsEncodedAgain(text: String) throws {
        _ = try JSONParser.parse(text)  // valid JSON: only the form is not canonical
        #expect(!Self.isCanonical(text), "\(text)")
    }

    /// Random values written canonically are taken as they stand; written any other way
    /// (spaces, keys out of order, escapes), a true is never wrong.
    @Test func randomDocumentsNeverGiveAWrongTrue() throws {
        var rng = SystemRandomNumberGenerator()
        var fractions = false
        let pieces = ["a", "b", "é", "€", "\"", "\\", "/", "\n", "\u{01}", "\u{1F}", "\u{7F}", "😀", " ", "z9"]
        func string() -> String { (0..<Int.random(in: 0...4, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined() }
        func value(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0...(depth > 3 ? 3 : 5), using: &rng) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &rng))
            case 2:
                let number = Double(Int.random(in: -1_000_000...1_000_000, using: &rng)) / [1, 1, 4, 10][Int.random(in: 0...3, using: &rng)]
                if number.rounded() != number { fractions = true }
                return .number(number)
            case 3: return .string(string())
            case 4: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0...4, using: &rng) { members[string()] = value(depth + 1) }
                return .object(members)
            }
        }
        var taken = 0
        for _ in 0..<2_000 {
            fractions = false
            let v = value(0)
            let canonical = CanonicalJSON.encode(v)
            // What the check answers false to: fractions, escapes, and characters beyond U+FFFF.
            let keysAreSimple = !fractions && !String(decoding: canonical, as: UTF8.self).contains("😀") && !canonical.contains(UInt8(ascii: "\\"))
            let asIs = canonical.withUnsafeBufferPointer { CanonicalJSON.isCanonical($0) }
            if keysAreSimple { #expect(asIs, "\(String(decoding: canonical, as: UTF8.self))") }
            for other in [Array(v.prettyString().utf8), canonical] where other.withUnsafeBufferPointer({ CanonicalJSON.isCanonical($0) }) {
                taken += 1
                #expect(CanonicalJSON.encode(try JSONParser.parse(other)) == other, "\(String(decoding: other, as: UTF8.self))")
            }
        }
        #expect(taken > 500)
    }

    @Test func theParserLocatesATopLevelMember() throws {
        let line = Array(#"{ "type":"X", "data" : {"a":[1,{"data":2}]} , "z":1}"#.utf8)
        let (value, range) = try JSONParser.parse(line, locating: "data")
        #expect(value.objectValue?["z"] == .number(1))
        #expect(range.map { String(decoding: line[$0], as: UTF8.self) } == #"{"a":[1,{"data":2}]}"#)
        #expect(try JSONParser.parse(Array(#"{"type":"X"}"#.utf8), locating: "data").range == nil)
        #expect(try JSONParser.parse(Array(#"[{"data":1}]"#.utf8), locating: "data").range == nil)
    }
}
