import Crypto
import Foundation

/// An Ed25519 key that signs checkpoints, in the encodings of Go's `golang.org/x/mod/sumdb/note`
/// and C2SP signed-note:
///
/// - private key: `PRIVATE+KEY+<name>+<key id, 8 hex digits>+<base64(0x01 ‖ 32-byte seed)>`
/// - verifier key: `<name>+<key id, 8 hex digits>+<base64(0x01 ‖ 32-byte public key)>`
/// - key id: the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), big-endian.
///
/// Related documents: <https://c2sp.org/signed-note>, <https://pkg.go.dev/golang.org/x/mod/sumdb/note>
public struct SigningKey: Sendable {
    public let name: String
    /// The 32-byte Ed25519 seed (RFC 8032 private key).
    let seed: [UInt8]
    public let publicKey: [UInt8]

    /// The signature type byte of Ed25519 in signed notes.
    static let ed25519: UInt8 = 0x01

    public init(name: String, seed: [UInt8]) throws {
        try NoteKey.checkName(name)
        guard seed.count == 32 else { throw ActaError(.invalidInput, "an Ed25519 private key is 32 bytes, not \(seed.count)") }
        self.name = name
        self.seed = seed
        publicKey = [UInt8](try Curve25519.Signing.PrivateKey(rawRepresentation: seed).publicKey.rawRepresentation)
    }

    /// A new random key.
    public static func generate(name: String) throws -> SigningKey {
        try NoteKey.checkName(name)
        return try SigningKey(name: name, seed: [UInt8](Curve25519.Signing.PrivateKey().rawRepresentation))
    }

    /// Reads `PRIVATE+KEY+<name>+<id>+<base64>` (surrounding whitespace ignored).
    public init(parsing text: String) throws {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(separator: "+", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY" else {
            throw ActaError(.invalidInput, "not a private key: expected PRIVATE+KEY+<name>+<key id>+<key> (made by `acta key generate`)")
        }
        guard let blob = Data(base64Encoded: parts[4]).map({ [UInt8]($0) }), blob.count == 33, blob[0] == Self.ed25519 else {
            throw ActaError(.invalidInput, "private key \(parts[2]): the key is not base64 of 0x01 and a 32-byte Ed25519 seed")
        }
        try self.init(name: parts[2], seed: Array(blob[1...]))
        guard let id = UInt32(parts[3], radix: 16), parts[3].count == 8, id == keyID else {
            throw ActaError(.invalidInput, "private key \(parts[2]): key id \(parts[3]) does not match the key (\(NoteKey.hex(keyID)))")
        }
    }

    public var keyID: UInt32 { NoteKey.keyID(name: name, publicKey: publicKey) }

    /// The private key file's text (one line, with its newline).
    public var encoded: String {
        "PRIVATE+KEY+\(name)+\(NoteKey.hex(keyID))+\(Data([Self.ed25519] + seed).base64EncodedString())\n"
    }

    public var verifierKey: VerifierKey {
        VerifierKey(name: name, keyID: keyID, publicKey: publicKey)
    }

    /// The Ed25519 signature of `message` (RFC 8032).
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        [UInt8](try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: message))
    }
}

/// The public half: `<name>+<key id>+<base64(0x01 ‖ public key)>`.
public struct VerifierKey: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let keyID: UInt32
    public let publicKey: [UInt8]

    init(name: String, keyID: UInt32, publicKey: [UInt8]) {
        self.name = name
        self.keyID = keyID
        self.publicKey = publicKey
    }

    public init(parsing text: String) throws {
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let parts = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty else {
            throw ActaError(.invalidInput, "not a verifier key: expected <name>+<key id>+<key>, as `acta key generate` prints")
        }
        try NoteKey.checkName(parts[0])
        guard let blob = Data(base64Encoded: parts[2]).map({ [UInt8]($0) }), blob.count == 33, blob[0] == SigningKey.ed25519 else {
            throw ActaError(.invalidInput, "verifier key \(parts[0]): the key is not base64 of 0x01 and a 32-byte Ed25519 public key")
        }
        let publicKey = Array(blob[1...])
        let id = NoteKey.keyID(name: parts[0], publicKey: publicKey)
        guard parts[1].count == 8, UInt32(parts[1], radix: 16) == id else {
            throw ActaError(.invalidInput, "verifier key \(parts[0]): key id \(parts[1]) does not match the key (\(NoteKey.hex(id)))")
        }
        self.init(name: parts[0], keyID: id, publicKey: publicKey)
    }

    public var encoded: String {
        "\(name)+\(NoteKey.hex(keyID))+\(Data([SigningKey.ed25519] + publicKey).base64EncodedString())"
    }

    public var description: String { encoded }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

enum NoteKey {
    /// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian.
    static func keyID(name: String, publicKey: [UInt8]) -> UInt32 {
        let digest = Digest.sha256(Array(name.utf8) + [0x0A, SigningKey.ed25519] + publicKey)
        return digest[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func hex(_ id: UInt32) -> String {
        let s = String(id, radix: 16)
        return String(repeating: "0", count: 8 - s.count) + s
    }

    /// Key names: non-empty, no Unicode spaces, no `+`, no control characters (C2SP signed-note).
    static func checkName(_ name: String) throws {
        guard !name.isEmpty else { throw ActaError(.invalidInput, "a key name must not be empty (e.g. ocps.example/acta)") }
        if let bad = name.unicodeScalars.first(where: { $0 == "+" || $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            throw ActaError(
                .invalidInput,
                "key name \"\(name.prefix(60))\" contains \(bad == "+" ? "a plus sign" : "a space or control character"); use e.g. ocps.example/acta"
            )
        }
    }
}
