/// Event ids: lowercase RFC 9562 UUID text. New ids are UUIDv7 (time-ordered), which keeps
/// the unique index on `id` append-friendly.
///
/// Related document: <https://www.rfc-editor.org/rfc/rfc9562>
public enum EventID {
    /// A new UUIDv7: 48 bits of Unix milliseconds, version 7, variant 10, 74 random bits.
    public static func make(milliseconds: UInt64? = nil) -> String {
        let ms = milliseconds ?? currentMilliseconds()
        let (r1, r2) = EntropyPool.shared.words()
        // The 128 bits as two words, most significant byte first: 48 bits of time, the
        // version nibble, 12 random bits; the variant bits, 62 random bits.
        let high = ms << 16 | 0x7000 | (r1 & 0x0FFF)
        let low = 0x8000_0000_0000_0000 | (r2 & 0x3FFF_FFFF_FFFF_FFFF)
        return String(unsafeUninitializedCapacity: 36) { out in
            var n = 0
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    out[n] = UInt8(ascii: "-")
                    n += 1
                }
                let b = UInt8(truncatingIfNeeded: (i < 8 ? high : low) >> (56 - 8 * UInt64(i % 8)))
                out[n] = hexDigits[Int(b >> 4)]
                out[n + 1] = hexDigits[Int(b & 0xF)]
                n += 2
            }
            return n
        }
    }

    /// The lowercase canonical form of a UUID text, or nil when it is not a UUID.
    public static func normalize(_ text: String) -> String? {
        let b = Array(text.utf8)
        guard b.count == 36 else { return nil }
        var bytes: [UInt8] = []
        var i = 0
        while i < 36 {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard b[i] == UInt8(ascii: "-") else { return nil }
                i += 1
                continue
            }
            guard let pair = Hex.decode(String(decoding: b[i..<(i + 2)], as: UTF8.self)) else { return nil }
            bytes.append(pair[0])
            i += 2
        }
        return format(bytes)
    }

    /// The 128 bits of an id in its canonical form (lowercase, hyphens at 8, 13, 18 and 23),
    /// or nil for any other text: a set of them holds a million ids in about 20 MB, where
    /// the texts take five times as much.
    static func bits(_ id: String) -> UInt128? {
        var value: UInt128 = 0
        var count = 0
        for (i, c) in id.utf8.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard c == UInt8(ascii: "-") else { return nil }
                continue
            }
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt128(digit)
            count += 1
        }
        return count == 32 && id.utf8.count == 36 ? value : nil
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func format(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(36)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func currentMilliseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return UInt64(ts.tv_sec) * 1000 + UInt64(ts.tv_nsec / 1_000_000)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
