import Crypto

/// Lowercase hexadecimal and SHA-256 helpers used by every hash in the log.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(2 * bytes.underestimatedCount)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `hex` is the lowercase hex of `bytes`, without allocating.
    public static func matches(_ bytes: [UInt8], _ hex: String) -> Bool {
        var hex = hex
        return hex.withUTF8 { text in
            guard text.count == bytes.count * 2 else { return false }
            for (i, b) in bytes.enumerated() where text[2 * i] != digits[Int(b >> 4)] || text[2 * i + 1] != digits[Int(b & 0xF)] {
                return false
            }
            return true
        }
    }

    public static func decode(_ text: String) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var i = 0
        while i < chars.count {
            guard let hi = value(chars[i]), let lo = value(chars[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }
}

public enum Digest {
    /// SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { copy(SHA256.hash(data: $0)) }
    }

    private static func copy(_ digest: SHA256.Digest) -> [UInt8] {
        digest.withUnsafeBytes { [UInt8]($0) }
    }

    /// SHA-256 of `prefix ‖ bytes`, without copying.
    public static func sha256(prefix: UInt8, _ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        withUnsafeBytes(of: prefix) { hasher.update(bufferPointer: $0) }
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return copy(hasher.finalize())
    }

    /// SHA-256 of `a ‖ b`.
    public static func sha256(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        a.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        b.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return copy(hasher.finalize())
    }
}
