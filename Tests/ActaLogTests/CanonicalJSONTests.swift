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
}
