import ActaLog
import Foundation
import Testing

/// Signed notes and checkpoints. The PeterNeumann key and note are the example of Go's
/// golang.org/x/mod/sumdb/note package documentation (and its note_test.go), the reference
/// implementation of C2SP signed-note.
@Suite struct CheckpointTests {
    static let goSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
    static let goVerifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let goNote =
        goText + "\n\u{2014} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"

    @Test func theGoReferenceKeyAndNote() throws {
        let key = try SigningKey(parsing: Self.goSigner)
        #expect(key.name == "PeterNeumann")
        #expect(key.verifierKey.encoded == Self.goVerifier)
        #expect(key.encoded == Self.goSigner + "\n")
        let verifier = try VerifierKey(parsing: Self.goVerifier)
        #expect(verifier == key.verifierKey)
        let note = try SignedNote(parsing: Self.goNote)
        #expect(note.text == Self.goText)
        #expect(note.isSigned(by: verifier))
        #expect(note.encoded == Self.goNote)
        #if os(Linux)
        // BoringSSL's Ed25519 is RFC 8032's deterministic one: the same bytes as Go's.
        #expect(try SignedNote.sign(Self.goText, with: key).encoded == Self.goNote)
        #endif
    }

    @Test func everySingleBitFlipInASignatureIsRejected() throws {
        let verifier = try VerifierKey(parsing: Self.goVerifier)
        let note = try SignedNote(parsing: Self.goNote)
        let blob = withUnsafeBytes(of: note.signatures[0].keyID.bigEndian) { [UInt8]($0) } + note.signatures[0].signature
        var accepted = 0
        flippingEachBit(blob) { flipped in
            let line = "\u{2014} PeterNeumann \(Data(flipped).base64EncodedString())\n"
            if let n = try? SignedNote(parsing: Self.goText + "\n" + line), n.isSigned(by: verifier) { accepted += 1 }
            if (try? SignedCheckpoint(note: Self.goText + "\n" + line, key: verifier)) != nil { accepted += 1 }
        }
        #expect(accepted == 0)
        // And every flip in the signed text.
        flippingEachBit(Array(Self.goText.utf8)) { flipped in
            guard let text = String(validating: flipped, as: UTF8.self) else { return }
            if let n = try? SignedNote(parsing: text + "\n" + Self.goNote.split(separator: "\n\n")[1]), n.isSigned(by: verifier) { accepted += 1 }
        }
        #expect(accepted == 0)
    }

    @Test func aCheckpointIsThreeLinesSignedByTheKeyNamedAsItsOrigin() throws {
        let key = try SigningKey(name: "ocps.example/acta", seed: [UInt8](repeating: 1, count: 32))
        let root = Hex.decode("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")!
        let checkpoint = Checkpoint(origin: key.name, size: 8, root: root)
        #expect(checkpoint.text == "ocps.example/acta\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n")
        let note = try SignedNote.sign(checkpoint.text, with: key).encoded
        #expect(note.hasPrefix(checkpoint.text + "\n\u{2014} ocps.example/acta "))
        let signed = try SignedCheckpoint(note: note, key: key.verifierKey)
        #expect(signed.checkpoint == checkpoint)
        // The key id: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4].
        let id = Digest.sha256(Array("ocps.example/acta\n".utf8) + [0x01] + key.publicKey).prefix(4)
        #expect(key.verifierKey.encoded.hasPrefix("ocps.example/acta+\(Hex.encode(id))+"))
        // Another key with the same name is not the signer.
        let other = try SigningKey(name: "ocps.example/acta", seed: [UInt8](repeating: 2, count: 32))
        let error = #expect(throws: ActaError.self) { try SignedCheckpoint(note: note, key: other.verifierKey) }
        #expect(error?.kind == .integrity)
        #expect(error?.message.contains("not signed by key ocps.example/acta+") == true)
    }

    @Test(arguments: [
        ("", "not a signed note"),
        ("a\nb\n", "not a signed note"),
        ("o\n8\nroot\n\nno dash\n", "em dash"),
        ("o\n8\nroot\n\n\u{2014} name\n", "not `— <name>"),
        ("o\n8\nroot\n\n\u{2014} name !!!\n", "not `— <name>"),
    ])
    func malformedNotesAreRefused(text: String, expected: String) throws {
        let error = #expect(throws: ActaError.self) { try SignedNote(parsing: text) }
        #expect(error?.kind == .invalidInput)
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: [
        ("o\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", "not a decimal number"),
        ("o\n-1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", "not a decimal number"),
        ("o\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqt\n", "not base64 of 32 bytes"),
        ("o\n8\n", "not a checkpoint"),
        ("\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n", "not a checkpoint"),
    ])
    func malformedCheckpointsAreRefused(text: String, expected: String) throws {
        let error = #expect(throws: ActaError.self) { try Checkpoint(text: text) }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: ["", "has space", "plus+sign", "tab\tname"])
    func badKeyNamesAreRefused(name: String) throws {
        #expect(throws: ActaError.self) { try SigningKey.generate(name: name) }
    }

    @Test func keysRoundTripAndAMismatchedKeyIDIsRefused() throws {
        let key = try SigningKey.generate(name: "ocps.example/acta")
        let again = try SigningKey(parsing: key.encoded)
        #expect(again.verifierKey == key.verifierKey)
        let verifier = key.verifierKey.encoded
        let parts = verifier.split(separator: "+", maxSplits: 2)
        let wrongID = "\(parts[0])+00000000+\(parts[2])"
        #expect(throws: ActaError.self) { try VerifierKey(parsing: wrongID) }
        #expect(throws: ActaError.self) { try VerifierKey(parsing: "nonsense") }
        #expect(throws: ActaError.self) { try SigningKey(parsing: verifier) }
    }
}
