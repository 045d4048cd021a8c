extension CanonicalJSON {
    // MARK: - Input already canonical

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
}
