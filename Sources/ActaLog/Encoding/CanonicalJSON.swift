/// RFC 8785, the JSON Canonicalization Scheme: one byte sequence per JSON value.
///
/// Object keys are sorted by their UTF-16 code units, there is no whitespace, strings use
/// the escapes of ECMAScript's `JSON.stringify`, and numbers are printed as ECMAScript's
/// `Number.prototype.toString` prints them. Hashes in Acta are taken over these bytes.
///
///     CanonicalJSON.string(["b": 1, "a": [true, "é"]])   // {"a":[true,"é"],"b":1}
///
/// Related document: <https://www.rfc-editor.org/rfc/rfc8785>
public enum CanonicalJSON {
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, to: &out)
        return out
    }

    public static func string(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }

    public static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let d): writeNumber(d, to: &out)
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, member) in sortedMembers(object).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Keys in RFC 8785 order: by UTF-16 code units.
    public static func sortedKeys(_ object: [String: JSONValue]) -> [String] {
        sortedMembers(object).map(\.key)
    }

    /// Members in RFC 8785 order: by the UTF-16 code units of their keys. UTF-8 bytes sort
    /// the same way unless a key holds a character beyond U+FFFF (a 4-byte sequence, which
    /// UTF-16 writes as surrogates, below U+E000…U+FFFF), so the bytes are compared then.
    static func sortedMembers(_ object: [String: JSONValue]) -> [(key: String, value: JSONValue)] {
        if object.keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0xF0 } }) {
            return object.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        }
        return object.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func writeString(_ s: String, to out: inout [UInt8]) {
        // A native string's bytes are read in place; only a bridged one is copied first
        // (`withUTF8` needs a mutable copy, whose retain and release cost more than the scan
        // of a short string).
        if s.utf8.withContiguousStorageIfAvailable({ writeString(bytes: $0, to: &out) }) != nil { return }
        var copy = s
        copy.withUTF8 { writeString(bytes: $0, to: &out) }
    }

    private static func writeString(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        var i = 0
        while i < bytes.count {
            if i + 8 <= bytes.count, JSONBytes.arePlain(JSONBytes.word(bytes, at: i), nonASCII: false) {
                i += 8
                continue
            }
            let b = bytes[i]
            i += 1
            guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<(i - 1)]))
            runStart = i
            switch b {
            case UInt8(ascii: "\""):
                out.append(UInt8(ascii: "\\"))
                out.append(b)
            case UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\"))
                out.append(b)
            case 0x08:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "b"))
            case 0x09:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "t"))
            case 0x0A:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "n"))
            case 0x0C:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "f"))
            case 0x0D:
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "r"))
            default:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0xF)])
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        out.append(UInt8(ascii: "\""))
    }

    /// ECMAScript Number::toString for finite doubles (ECMA-262, 7.1.12.1), which RFC 8785 adopts.
    public static func writeNumber(_ value: Double, to out: inout [UInt8]) {
        precondition(value.isFinite, "JSON numbers are finite")
        if value == 0 {
            out.append(UInt8(ascii: "0"))  // both +0 and -0
            return
        }
        if value.rounded() == value, abs(value) < 1e21, abs(value) <= JSONValue.maxExactInteger {
            out.append(contentsOf: String(Int64(value)).utf8)
            return
        }
        var text = value.magnitude.description  // shortest round-trip digits
        if value < 0 { out.append(UInt8(ascii: "-")) }
        // Split Swift's description into digits and a decimal exponent n, value = 0.d1d2… × 10^n.
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...])!
            text = String(text[..<e])
        }
        var digits: [UInt8] = []
        var pointAt: Int? = nil
        for c in text.utf8 {
            if c == UInt8(ascii: ".") { pointAt = digits.count } else { digits.append(c) }
        }
        var n = (pointAt ?? digits.count) + exponent
        while let first = digits.first, first == UInt8(ascii: "0"), digits.count > 1 {
            digits.removeFirst()
            n -= 1
        }
        while let last = digits.last, last == UInt8(ascii: "0"), digits.count > 1 { digits.removeLast() }
        let k = digits.count
        if k <= n && n <= 21 {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            out.append(contentsOf: digits[0..<n])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[n...])
        } else if -6 < n && n <= 0 {
            out.append(contentsOf: "0.".utf8)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            out.append(contentsOf: digits)
        } else {
            out.append(digits[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[1...])
            }
            out.append(UInt8(ascii: "e"))
            out.append(n - 1 >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
            out.append(contentsOf: String(abs(n - 1)).utf8)
        }
    }
}
