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

    /// Whether `json`, a document ``JSONParser`` accepted, is already in canonical form, byte
    /// for byte what ``encode(_:)`` writes of its value: no whitespace; object keys without
    /// escapes, in ascending order of their bytes and below U+10000 (so their UTF-8 order is
    /// their UTF-16 order); strings escaped as ``writeString(_:to:)`` escapes; numbers only as
    /// integers without a sign on zero (`0`, `-12`; a fraction or exponent answers false).
    /// False where unsure: the caller then encodes the parsed value. What `acta export` and
    /// canonical writers produce answers true, and an import hashes those bytes as they are.
    public static func isCanonical(_ json: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = json.count
        // For each open object: the previous key's bytes (start, end), and whether a key comes next.
        var objects: [(start: Int, end: Int, keyNext: Bool)] = []
        var inObject: [Bool] = []
        while i < n {
            switch json[i] {
            case UInt8(ascii: "{"):
                inObject.append(true)
                objects.append((0, 0, true))
                i += 1
            case UInt8(ascii: "["):
                inObject.append(false)
                i += 1
            case UInt8(ascii: "}"):
                objects.removeLast()
                inObject.removeLast()
                i += 1
            case UInt8(ascii: "]"):
                inObject.removeLast()
                i += 1
            case UInt8(ascii: ","):
                if inObject.last == true { objects[objects.count - 1].keyNext = true }
                i += 1
            case UInt8(ascii: ":"):
                i += 1
            case UInt8(ascii: "\""):
                let start = i + 1
                guard let end = canonicalStringEnd(json, from: start) else { return false }
                if inObject.last == true, objects[objects.count - 1].keyNext {
                    let previous = objects[objects.count - 1]
                    let key = UnsafeBufferPointer(rebasing: json[start..<end])
                    guard !key.contains(where: { $0 == UInt8(ascii: "\\") || $0 >= 0xF0 }) else { return false }
                    if previous.end > 0, !UnsafeBufferPointer(rebasing: json[previous.start..<previous.end]).lexicographicallyPrecedes(key) {
                        return false
                    }
                    objects[objects.count - 1] = (start, end, false)
                }
                i = end + 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let start = i
                if json[i] == UInt8(ascii: "-") { i += 1 }
                let digits = i
                while i < n, json[i] >= UInt8(ascii: "0"), json[i] <= UInt8(ascii: "9") { i += 1 }
                if i < n, json[i] == UInt8(ascii: ".") || json[i] == UInt8(ascii: "e") || json[i] == UInt8(ascii: "E") { return false }
                // No leading zero but a lone 0, and no -0.
                if json[digits] == UInt8(ascii: "0"), i - digits > 1 || digits > start { return false }
            case UInt8(ascii: "t"), UInt8(ascii: "n"): i += 4
            case UInt8(ascii: "f"): i += 5
            default: return false  // whitespace
            }
        }
        return true
    }

    /// The index of the quote closing the string whose first byte is at `start`, when every
    /// escape in it is the one ``writeString(_:to:)`` writes; nil otherwise.
    private static func canonicalStringEnd(_ json: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = start
        while true {
            if i + 8 <= json.count, JSONBytes.arePlain(JSONBytes.word(json, at: i), nonASCII: false) {
                i += 8
                continue
            }
            switch json[i] {
            case UInt8(ascii: "\""): return i
            case UInt8(ascii: "\\"):
                switch json[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "t"), UInt8(ascii: "n"), UInt8(ascii: "f"),
                    UInt8(ascii: "r"):
                    i += 2
                case UInt8(ascii: "u"):
                    // Only a control character without a short escape, as \u00 and two lower-case digits.
                    guard json[i + 2] == UInt8(ascii: "0"), json[i + 3] == UInt8(ascii: "0"), let high = hexValue(json[i + 4]),
                        let low = hexValue(json[i + 5]), high <= 1
                    else { return nil }
                    let scalar = high << 4 | low
                    guard ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(scalar) else { return nil }
                    i += 6
                default: return nil  // \/ is JSON, not canonical
                }
            default: i += 1
            }
        }
    }

    /// A lower-case hexadecimal digit's value; nil for anything else (an upper-case digit is not canonical).
    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

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
