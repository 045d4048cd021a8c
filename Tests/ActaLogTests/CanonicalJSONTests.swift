import ActaLog
import Testing

@Suite struct CanonicalJSONTests {
    @Test func sortsKeysByUTF16AndDropsWhitespace() throws {
        let value = try JSONParser.parse(#"{ "b" : 1, "a" : [ true, null, "é" ], "\u20ac": 1, "\ud83d\ude00": 2, "\u0080": 3 }"#)
        // RFC 8785 §3.2.3: UTF-16 order puts U+0080 before U+20AC before the surrogate pair of U+1F600.
        #expect(CanonicalJSON.string(value) == "{\"a\":[true,null,\"é\"],\"b\":1,\"\u{80}\":3,\"€\":1,\"😀\":2}")
    }

    @Test func escapesStringsAsJSONStringify() {
        let value = JSONValue.string("\u{08}\t\n\u{0C}\r\"\\/\u{01}\u{1F}é")
        #expect(CanonicalJSON.string(value) == #""\b\t\n\f\r\"\\/\u0001\u001fé""#)
    }

    /// Number vectors from RFC 8785 Appendix B and ECMAScript Number::toString.
    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-1.0, "-1"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
        (123456789.0, "123456789"), (0.000001, "0.000001"), (0.0000001, "1e-7"), (1.5, "1.5"), (-0.5, "-0.5"),
        (333333333.3333333, "333333333.3333333"), (1e23, "1e+23"), (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
        (9007199254740991.0, "9007199254740991"), (295147905179352830000.0, "295147905179352830000"), (4.5, "4.5"), (0.1, "0.1"),
    ])
    func printsNumbersAsECMAScript(value: Double, expected: String) {
        #expect(CanonicalJSON.string(.number(value)) == expected)
    }

    @Test func reparsingCanonicalOutputGivesTheSameBytes() throws {
        let text = #"{"z":{"y":[1,2,{"x":"\u00e9"}]},"a":-12.5e3,"m":"line\nbreak"}"#
        let once = CanonicalJSON.encode(try JSONParser.parse(text))
        #expect(CanonicalJSON.encode(try JSONParser.parse(once)) == once)
        #expect(String(decoding: once, as: UTF8.self) == #"{"a":-12500,"m":"line\nbreak","z":{"y":[1,2,{"x":"é"}]}}"#)
    }

    /// Strings are scanned eight bytes at a time: a byte that needs a look is found in every
    /// lane of the word, and at the end of a string shorter than a word.
    @Test func specialBytesAreFoundAtEveryOffset() throws {
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "é", "\u{7F}", "😀", " "] {
            for offset in 0..<20 {
                for tail in [0, 3, 8, 13] {
                    let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: tail)
                    var out: [UInt8] = []
                    CanonicalJSON.writeString(text, to: &out)
                    #expect(try JSONParser.parse(out) == .string(text), "\(offset) \(special.unicodeScalars.first!.value)")
                }
            }
        }
        // Raw (unescaped) control bytes and quotes are refused wherever they stand.
        for offset in 0..<20 {
            var raw = Array("\"".utf8) + Array(repeating: UInt8(ascii: "a"), count: offset) + [0x01] + Array("bcdefghij\"".utf8)
            #expect(throws: JSONParser.Error.self) { try JSONParser.parse(raw) }
            raw = Array("\"".utf8) + Array(repeating: UInt8(ascii: "a"), count: offset) + [0xC3] + Array("bcdefghij\"".utf8)
            #expect(throws: JSONParser.Error.self) { try JSONParser.parse(raw) }  // a lead byte without its continuation
        }
    }
}
