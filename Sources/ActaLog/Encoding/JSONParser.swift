/// A strict JSON parser (RFC 8259) for untrusted input.
///
/// Beyond the grammar it refuses what would make a record ambiguous or unsafe:
/// invalid UTF-8, lone surrogates, duplicate object keys, nesting deeper than
/// ``maxDepth``, numbers that overflow a double or lie beyond I-JSON's ±(2^53 − 1), and
/// anything after the value. Errors give the byte offset.
///
///     let value = try JSONParser.parse(Array(#"{"a":[1,2]}"#.utf8))
public struct JSONParser {
    /// Deepest nesting of arrays and objects accepted.
    public static let maxDepth = 64

    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public let offset: Int
        public let reason: String
        public var description: String { "invalid JSON at byte \(offset): \(reason)" }
    }

    public static func parse(_ bytes: [UInt8]) throws(Error) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(Error) in
            var parser = JSONParser(buffer)
            return try parser.parseDocument()
        }
    }

    public static func parse(_ text: String) throws(Error) -> JSONValue {
        try parse(Array(text.utf8))
    }

    /// Parses a document that is an object whose keys are expected to be known, without
    /// building a dictionary: each member's value goes to the slot `slot(key)` names
    /// (`values` has `slots` of them, nil where a key is absent); other keys are listed in
    /// `unknown`. The same rules as ``parse(_:)``, duplicate keys included. Nil when the
    /// document is valid JSON but not an object.
    ///
    /// For event data, which is small and whose fields the catalog knows: a replay decodes
    /// every event of the log, and a dictionary per event was a good part of that.
    public static func parseMembers(
        _ bytes: [UInt8],
        slots: Int,
        slot: (String) -> Int?
    ) throws(Error) -> (values: [JSONValue?], unknown: [String])? {
        try bytes.withUnsafeBufferPointer { buffer throws(Error) in
            var parser = JSONParser(buffer)
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                throw parser.fail("byte order mark not allowed")
            }
            parser.skipWhitespace()
            guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "{") else {
                _ = try parser.parseDocument()  // the error, or a value that is not an object
                return nil
            }
            var values = [JSONValue?](repeating: nil, count: slots)
            var unknown: [String] = []
            try parser.parseObject { key, value, offset throws(Error) in
                if let i = slot(key) {
                    if values[i] != nil { throw Error(offset: offset, reason: "duplicate key \"\(key)\"") }
                    values[i] = value
                } else {
                    if unknown.contains(key) { throw Error(offset: offset, reason: "duplicate key \"\(key)\"") }
                    unknown.append(key)
                }
            }
            parser.skipWhitespace()
            if parser.index != buffer.count { throw parser.fail("unexpected content after the JSON value") }
            return (values, unknown)
        }
    }

    /// Parses a document as ``parse(_:)`` does and also gives where the value of the
    /// top-level object's member `key` lies in `bytes` (nil when the document is not an
    /// object or has no such member): an import reuses those bytes when they are already
    /// canonical (``CanonicalJSON/isCanonical(_:)``).
    public static func parse(_ bytes: [UInt8], locating key: String) throws(Error) -> (value: JSONValue, range: Range<Int>?) {
        try bytes.withUnsafeBufferPointer { buffer throws(Error) in
            var parser = JSONParser(buffer)
            parser.located = key
            let value = try parser.parseDocument()
            return (value, parser.location)
        }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// The top-level member whose value's bytes ``parse(_:locating:)`` reports, and where they are.
    private var located: String?
    private var location: Range<Int>?
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private func fail(_ reason: String, at offset: Int? = nil) -> Error {
        Error(offset: offset ?? index, reason: reason)
    }

    private mutating func parseDocument() throws(Error) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw fail("byte order mark not allowed")
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index != bytes.count { throw fail("unexpected content after the JSON value") }
        return value
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(Error) -> JSONValue {
        guard index < bytes.count else { throw fail("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case 0: throw fail("NUL byte not allowed")
        default:
            if bytes[index] == UInt8(ascii: "N") || bytes[index] == UInt8(ascii: "I") {
                throw fail("NaN and Infinity are not JSON numbers")
            }
            throw fail("unexpected character '\(Self.describe(bytes[index]))'")
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? String(UnicodeScalar(byte)) : "\\x" + String(byte, radix: 16)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(Error) {
        let start = index
        let n = literal.utf8CodeUnitCount
        guard index + n <= bytes.count else { throw fail("unexpected end of input", at: start) }
        let p = literal.utf8Start
        for i in 0..<n where bytes[index + i] != p[i] {
            throw fail("invalid literal", at: start)
        }
        index += n
    }

    private mutating func enter() throws(Error) {
        depth += 1
        if depth > JSONParser.maxDepth { throw fail("nesting deeper than \(JSONParser.maxDepth) levels") }
    }

    private mutating func parseObject() throws(Error) -> JSONValue {
        var object: [String: JSONValue] = [:]
        object.reserveCapacity(8)  // events' objects are small: grow once at most, not four times
        try parseObject { key, value, offset throws(Error) in
            if object.updateValue(value, forKey: key) != nil {
                throw Error(offset: offset, reason: "duplicate key \"\(key)\"")
            }
        }
        return .object(object)
    }

    /// Parses an object, handing each member to `member` with the offset of its key.
    private mutating func parseObject(_ member: (String, JSONValue, Int) throws(Error) -> Void) throws(Error) {
        try enter()
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in object") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let keyOffset = index
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after key") }
            index += 1
            skipWhitespace()
            let valueStart = index
            let value = try parseValue()
            if depth == 1, let located, key == located { location = valueStart..<index }
            try member(key, value, keyOffset)
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return
            }
            throw fail("expected ',' or '}' in object")
        }
    }

    private mutating func parseArray() throws(Error) -> JSONValue {
        try enter()
        index += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw fail("unexpected end of input in array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(array)
            }
            throw fail("expected ',' or ']' in array")
        }
    }

    private mutating func parseNumber() throws(Error) -> Double {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail("invalid number", at: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw fail("leading zeros not allowed", at: start) }
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("digit expected after '.'") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail("digit expected in exponent") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw fail("number \(text.prefix(40)) is out of range", at: start)
        }
        // I-JSON (RFC 7493 §2.2): integers within ±(2^53 − 1), where every integer is a
        // distinct double. Beyond it a double holds some integers exactly (2^53, 1e21) and
        // not their neighbours (2^53 + 1 reads as 2^53), so a reader could not tell which
        // was meant: all are refused. Every double of that size is an integer.
        if abs(value) > JSONValue.maxExactInteger, integral || value.rounded() == value {
            throw fail("number \(text.prefix(40)) is outside I-JSON's integer range ±(2^53 − 1) = ±9007199254740991 (RFC 7493)", at: start)
        }
        return value
    }

    @inline(__always) private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private mutating func parseString() throws(Error) -> String {
        let start = index
        index += 1
        // Fast path: no escapes, ASCII or valid UTF-8.
        var scalars = String.UnicodeScalarView()
        var runStart = index
        var hasEscapes = false
        while true {
            // Eight bytes at a time while none needs a look: no quote, backslash, control or non-ASCII byte.
            while index + 8 <= bytes.count, JSONBytes.arePlain(JSONBytes.word(bytes, at: index), nonASCII: true) { index += 8 }
            guard index < bytes.count else { throw fail("unterminated string", at: start) }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                if !hasEscapes {
                    let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<index]), as: UTF8.self)
                    index += 1
                    return s
                }
                appendRun(&scalars, from: runStart, to: index)
                index += 1
                return String(scalars)
            }
            if b == UInt8(ascii: "\\") {
                if !hasEscapes {
                    hasEscapes = true
                }
                appendRun(&scalars, from: runStart, to: index)
                index += 1
                guard index < bytes.count else { throw fail("unterminated escape", at: start) }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    let unit = try parseHex4()
                    if unit >= 0xD800 && unit <= 0xDBFF {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                        else { throw fail("lone surrogate \\u\(String(unit, radix: 16))") }
                        index += 2
                        let low = try parseHex4()
                        guard low >= 0xDC00 && low <= 0xDFFF else { throw fail("invalid surrogate pair") }
                        let scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                        scalars.append(UnicodeScalar(scalar)!)
                    } else if unit >= 0xDC00 && unit <= 0xDFFF {
                        throw fail("lone surrogate \\u\(String(unit, radix: 16))")
                    } else {
                        scalars.append(UnicodeScalar(unit)!)
                    }
                default:
                    throw fail("invalid escape '\\\(Self.describe(e))'", at: index - 2)
                }
                runStart = index
                continue
            }
            if b < 0x20 {
                throw fail(b == 0 ? "NUL byte in string" : "unescaped control character in string")
            }
            if b < 0x80 {
                index += 1
            } else {
                try skipUTF8Sequence()
            }
        }
    }

    private func appendRun(_ scalars: inout String.UnicodeScalarView, from: Int, to: Int) {
        if from < to {
            scalars.append(contentsOf: String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self).unicodeScalars)
        }
    }

    private mutating func parseHex4() throws(Error) -> UInt16 {
        guard index + 4 <= bytes.count else { throw fail("truncated \\u escape") }
        var v: UInt16 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw fail("invalid hex digit in \\u escape")
            }
            v = v << 4 | UInt16(d)
            index += 1
        }
        return v
    }

    /// Validates one multi-byte UTF-8 sequence (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF).
    private mutating func skipUTF8Sequence() throws(Error) {
        let b0 = bytes[index]
        let length: Int
        var lower: UInt8 = 0x80
        var upper: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            upper = 0x9F
        case 0xF0:
            length = 4
            lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            upper = 0x8F
        default: throw fail("invalid UTF-8")
        }
        guard index + length <= bytes.count else { throw fail("invalid UTF-8 (truncated sequence)") }
        let b1 = bytes[index + 1]
        guard b1 >= lower && b1 <= upper else { throw fail("invalid UTF-8") }
        for i in 2..<max(2, length) {
            let b = bytes[index + i]
            guard b >= 0x80 && b <= 0xBF else { throw fail("invalid UTF-8") }
        }
        index += length
    }
}

/// Eight bytes of a JSON string at once (SWAR: each byte tested in its lane of a 64-bit word).
enum JSONBytes {
    @inline(__always) static func word(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
    }

    /// Whether no byte of `w` is a quote, a backslash or a control character (below 0x20),
    /// nor, with `nonASCII`, 0x80 or above. Never true when one is.
    @inline(__always) static func arePlain(_ w: UInt64, nonASCII: Bool) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // A lane below n borrows into its high bit (exact for n <= 0x80, as a lane's high bit
        // is tested only where the byte itself is below 0x80).
        let control = (w &- ones &* 0x20) & ~w & highs
        let quote = ((w ^ (ones &* 0x22)) &- ones) & ~(w ^ (ones &* 0x22)) & highs
        let backslash = ((w ^ (ones &* 0x5C)) &- ones) & ~(w ^ (ones &* 0x5C)) & highs
        return (control | quote | backslash | (nonASCII ? w & highs : 0)) == 0
    }
}
