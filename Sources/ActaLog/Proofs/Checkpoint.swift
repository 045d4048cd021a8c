import Foundation

/// A C2SP signed note: a text ending in a newline, a blank line, then one line per
/// signature, `— <key name> <base64(4-byte key id ‖ signature)>`.
///
/// Related document: <https://c2sp.org/signed-note>
public struct SignedNote: Sendable, Equatable {
    public struct Signature: Sendable, Equatable {
        public var name: String
        public var keyID: UInt32
        public var signature: [UInt8]
    }

    /// The signed text, with its final newline.
    public var text: String
    public var signatures: [Signature]

    static let dash = "\u{2014} "

    /// Signs `text` (which must end in a newline) with `key`.
    public static func sign(_ text: String, with key: SigningKey) throws -> SignedNote {
        guard text.hasSuffix("\n") else { throw ActaError(.invalidInput, "a note's text must end with a newline") }
        return SignedNote(text: text, signatures: [Signature(name: key.name, keyID: key.keyID, signature: try key.sign(Array(text.utf8)))])
    }

    /// The note as it is written: text, blank line, signature lines.
    public var encoded: String {
        text + "\n"
            + signatures.map { s in
                let blob = withUnsafeBytes(of: s.keyID.bigEndian) { [UInt8]($0) } + s.signature
                return Self.dash + s.name + " " + Data(blob).base64EncodedString() + "\n"
            }.joined()
    }

    public init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    /// Reads a signed note; the text ends at the last blank line.
    public init(parsing note: String) throws {
        guard note.utf8.count <= 1 << 20 else { throw ActaError(.invalidInput, "the note is larger than 1 MiB") }
        if note.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" }) {
            throw ActaError(.invalidInput, "the note contains control characters other than newline")
        }
        guard note.hasSuffix("\n"), let split = note.range(of: "\n\n", options: .backwards) else {
            throw ActaError(.invalidInput, "not a signed note: no blank line between the text and its signatures, or no final newline")
        }
        text = String(note[..<split.lowerBound]) + "\n"
        signatures = []
        let lines = note[split.upperBound...].dropLast().split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { throw ActaError(.invalidInput, "the note has no signature lines") }
        for line in lines {
            guard line.hasPrefix(Self.dash) else {
                throw ActaError(.invalidInput, "signature line \"\(line.prefix(40))\" does not start with an em dash and a space")
            }
            let rest = line.dropFirst(Self.dash.count).split(separator: " ", omittingEmptySubsequences: false)
            guard rest.count == 2, !rest[0].isEmpty, let blob = Data(base64Encoded: String(rest[1])).map({ [UInt8]($0) }), blob.count > 4 else {
                throw ActaError(.invalidInput, "signature line \"\(line.prefix(40))\" is not `— <name> <base64 signature>`")
            }
            let id = blob[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            signatures.append(Signature(name: String(rest[0]), keyID: id, signature: Array(blob[4...])))
        }
    }

    /// Whether a signature by `key` (same name and key id) verifies. Signatures of other keys are ignored.
    public func isSigned(by key: VerifierKey) -> Bool {
        let text = Array(self.text.utf8)
        return signatures.contains { $0.name == key.name && $0.keyID == key.keyID && key.isValidSignature($0.signature, for: text) }
    }
}

/// A C2SP tlog-checkpoint: the note text `<origin>\n<tree size>\n<base64 root hash>\n`,
/// optionally followed by extension lines.
///
/// Related document: <https://c2sp.org/tlog-checkpoint>
public struct Checkpoint: Sendable, Equatable {
    public var origin: String
    public var size: Int64
    public var root: [UInt8]
    public var extensions: [String] = []

    public init(origin: String, size: Int64, root: [UInt8]) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    public var text: String {
        ([origin, String(size), Data(root).base64EncodedString()] + extensions).map { $0 + "\n" }.joined()
    }

    public init(text: String) throws {
        guard text.hasSuffix("\n") else { throw ActaError(.invalidInput, "a checkpoint's text must end with a newline") }
        let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 3, !lines[0].isEmpty else {
            throw ActaError(.invalidInput, "not a checkpoint: expected the lines <origin>, <tree size>, <base64 root hash>")
        }
        guard let size = Int64(lines[1]), size >= 0, lines[1] == String(size) else {
            throw ActaError(.invalidInput, "checkpoint \(lines[0]): tree size \"\(lines[1].prefix(30))\" is not a decimal number")
        }
        guard let root = Data(base64Encoded: lines[2]).map({ [UInt8]($0) }), root.count == 32 else {
            throw ActaError(.invalidInput, "checkpoint \(lines[0]): root hash \"\(lines[2].prefix(50))\" is not base64 of 32 bytes")
        }
        origin = lines[0]
        self.size = size
        self.root = root
        extensions = Array(lines.dropFirst(3))
        if extensions.contains(where: \.isEmpty) { throw ActaError(.invalidInput, "checkpoint \(origin): an empty extension line") }
    }

    public var rootHex: String { Hex.encode(root) }
}

/// A checkpoint whose signature by a trusted key has been verified.
public struct SignedCheckpoint: Sendable {
    public let checkpoint: Checkpoint
    public let note: SignedNote
    public let key: VerifierKey

    /// Parses `note` and verifies its signature by `key`; an unsigned, wrongly signed or
    /// altered note is an integrity error.
    public init(note text: String, key: VerifierKey) throws {
        let note = try SignedNote(parsing: text)
        guard note.isSigned(by: key) else {
            if note.signatures.contains(where: { $0.name == key.name && $0.keyID == key.keyID }) {
                throw ActaError(
                    .integrity,
                    "the checkpoint's signature by \(key.name) does not verify: the note was altered or signed by another key"
                )
            }
            throw ActaError(
                .integrity,
                "the checkpoint is not signed by key \(key.name)+\(NoteKey.hex(key.keyID)) (it has signatures by \(note.signatures.map { "\($0.name)+\(NoteKey.hex($0.keyID))" }.joined(separator: ", ")))"
            )
        }
        self.checkpoint = try Checkpoint(text: note.text)
        self.note = note
        self.key = key
    }
}
