import ActaLog
import Testing

@Suite struct JSONParserTests {
    /// Every class of malformed or hostile JSON is refused with a reason and a byte offset.
    @Test(arguments: [
        ("{", "unexpected end"),
        (#"{"a":1,}"#, "expected a string key"),
        (#"{"a":1 "b":2}"#, "expected ',' or '}'"),
        (#"{"a":1,"a":2}"#, "duplicate key \"a\""),
        ("[NaN]", "NaN"),
        ("[Infinity]", "NaN and Infinity"),
        ("[1e400]", "out of range"),
        ("[12345678901234567890]", "outside I-JSON's integer range"),
        ("[01]", "leading zeros"),
        (#"["\u0000"]"#, ""),
        ("[\"a\u{0}b\"]", "NUL byte"),
        ("[\"tab\there\"]", "control character"),
        (#"["\ud800"]"#, "lone surrogate"),
        (#"["\x"]"#, "invalid escape"),
        ("{} {}", "after the JSON value"),
        ("", "unexpected end"),
        ("tru", "unexpected end"),
    ])
    func refusesMalformedJSON(text: String, reason: String) throws {
        if text == #"["\u0000"]"# {
            // An escaped NUL is valid JSON; the catalog refuses it in text fields.
            #expect(try JSONParser.parse(text) == .array([.string("\u{0}")]))
            return
        }
        let error = #expect(throws: JSONParser.Error.self) { try JSONParser.parse(text) }
        #expect(error?.description.contains(reason) == true, "\(error?.description ?? "")")
    }

    /// Numbers beyond ±(2^53 − 1) are refused under I-JSON's rule, and the error says that
    /// rule: 2^53 and 1e21 are held exactly by a double, so "cannot be held exactly" was false.
    @Test(arguments: ["9007199254740992", "-9007199254740992", "1e21", "9007199254740993", "4.5e300"])
    func refusesNumbersBeyondIJSONByItsRule(text: String) {
        let error = #expect(throws: JSONParser.Error.self) { try JSONParser.parse("[\(text)]") }
        let message = error?.description ?? ""
        #expect(message.contains("outside I-JSON's integer range ±(2^53 − 1)"), "\(message)")
        #expect(!message.contains("cannot be held exactly"), "\(message)")
    }

    @Test func acceptsTheLargestIJSONIntegers() throws {
        #expect(
            try JSONParser.parse("[9007199254740991, -9007199254740991, 0.5e-300]") == [
                9_007_199_254_740_991, -9_007_199_254_740_991, .number(0.5e-300),
            ]
        )
    }

    @Test func refusesInvalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xE2, 0x82, 0x22]] {
            let error = #expect(throws: JSONParser.Error.self) { try JSONParser.parse(bytes) }
            #expect(error?.description.contains("UTF-8") == true)
        }
    }

    @Test func refusesDeepNestingWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: JSONParser.Error.self) { try JSONParser.parse(deep) }
        #expect(error?.description.contains("nesting deeper than 64") == true)
        #expect(error?.offset == 64)
    }

    @Test func acceptsValidJSON() throws {
        let value = try JSONParser.parse(#" {"a": [1, -2.5, true, false, null], "b": "\u00e9\ud83d\ude00", "c": {}} "#)
        #expect(value["a"] == [1, .number(-2.5), true, false, nil])
        #expect(value["b"] == "é😀")
        #expect(value["c"] == .object([:]))
    }

    /// An object parsed into known slots: values by slot, other keys listed, the same rules
    /// as a full parse (duplicates refused whether known or not).
    @Test func membersGoToTheirSlots() throws {
        let names = ["a", "b", "c"]
        let slot = { (key: String) in names.firstIndex(of: key) }
        let parsed = try #require(try JSONParser.parseMembers(Array(#" {"c":[1,{"x":null}],"z":true,"a":"s"} "#.utf8), slots: 3, slot: slot))
        #expect(parsed.values == [.string("s"), nil, .array([1, .object(["x": .null])])])
        #expect(parsed.unknown == ["z"])
        #expect(try JSONParser.parseMembers(Array("[1]".utf8), slots: 3, slot: slot) == nil)
        for (text, reason) in [
            (#"{"a":1,"a":2}"#, "duplicate key \"a\""), (#"{"z":1,"z":2}"#, "duplicate key \"z\""),
            (#"{"a":1} x"#, "after the JSON value"), (#"{"a":"#, "unexpected end"), ("\u{FEFF}{}", "byte order mark"),
        ] {
            #expect(throws: JSONParser.Error.self) { try JSONParser.parseMembers(Array(text.utf8), slots: 3, slot: slot) }
            do { _ = try JSONParser.parseMembers(Array(text.utf8), slots: 3, slot: slot) } catch {
                #expect(error.reason.contains(reason), "\(text): \(error)")
            }
        }
    }
}
