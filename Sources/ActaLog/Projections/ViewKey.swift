extension Int {
    /// Zero-padded, so keys sort in number order.
    public func padded(_ width: Int) -> String {
        let s = String(self)
        let n = s.utf8.count  // digits and a sign: one byte each, no need to count characters
        return n >= width ? s : String(repeating: "0", count: width - n) + s
    }
}

extension Int64 {
    public func padded(_ width: Int) -> String { Int(self).padded(width) }
}

/// View keys such as `outcome/conference/000004/0002`, written into one allocation: a
/// rebuild makes one per record, so their cost counts (figures in tools/bench/README.md).
public enum ViewKey {
    /// `prefix/part/a[/b]`, `a` and `b` zero-padded to widths `wa` and `wb`; the same text as
    /// `"\(prefix)/\(part)/\(a.padded(wa))/\(b.padded(wb))"`.
    public static func make(_ prefix: StaticString, _ part: String, _ a: Int, _ wa: Int, _ b: Int? = nil, _ wb: Int = 0) -> String {
        guard a >= 0, (b ?? 0) >= 0 else {  // a sign: the plain way
            return "\(prefix)/\(part)/\(a.padded(wa))" + (b.map { "/\($0.padded(wb))" } ?? "")
        }
        let capacity = prefix.utf8CodeUnitCount + part.utf8.count + max(wa, 19) + max(wb, 19) + 4
        return String(unsafeUninitializedCapacity: capacity) { out in
            var i = 0
            func put(_ byte: UInt8) {
                out[i] = byte
                i += 1
            }
            func number(_ n: Int, _ width: Int) {
                var digits = 1
                var rest = n / 10
                while rest > 0 {
                    digits += 1
                    rest /= 10
                }
                for _ in digits..<max(width, digits) { put(UInt8(ascii: "0")) }
                var value = n
                for k in stride(from: digits - 1, through: 0, by: -1) {
                    out[i + k] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                i += digits
            }
            for byte in UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount) { put(byte) }
            put(UInt8(ascii: "/"))
            for byte in part.utf8 { put(byte) }
            put(UInt8(ascii: "/"))
            number(a, wa)
            if let b {
                put(UInt8(ascii: "/"))
                number(b, wb)
            }
            return i
        }
    }
}
