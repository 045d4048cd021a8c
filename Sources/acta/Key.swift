import ActaLog
import ArgumentParser
import Foundation

struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "The Ed25519 key that signs checkpoints.",
        subcommands: [Generate.self, Verifier.self]
    )

    struct Generate: ActaCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a signing key; write it to a private file and print its verifier key.",
            discussion: """
                The private key file (mode 0600, never overwritten) has the form PRIVATE+KEY+<name>+<id>+<key>; \
                keep it with the Secretariat. The verifier key printed, <name>+<id>+<key>, is public: give it to \
                auditors with the checkpoints. Both are the encodings of Go's sumdb note package (C2SP signed-note).
                """
        )

        @Option(help: ArgumentHelp("The key's name, the checkpoints' origin (e.g. ocps.example/acta).", valueName: "origin"))
        var name: String

        @Option(help: ArgumentHelp("Where to write the private key.", valueName: "file"))
        var out: String = "acta.key"

        func execute() throws {
            let key = try SigningKey.generate(name: name)
            try KeyFile.write(key.encoded, to: out)
            print(key.verifierKey.encoded)
            Terminal.note("private key written to \(out) (mode 0600); the line above is the verifier key to give auditors")
        }
    }

    struct Verifier: ActaCommand {
        static let configuration = CommandConfiguration(abstract: "Print the verifier key of a private key file.")

        @Option(help: ArgumentHelp("The private key file.", valueName: "file"))
        var key: String

        func execute() throws {
            print(try KeyFile.read(key).verifierKey.encoded)
        }
    }
}

enum KeyFile {
    /// Creates `path` with mode 0600; refuses an existing path.
    static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { throw ActaError(.io, "\(path) already exists; a key file is never overwritten (choose another --out)") }
            throw ActaError(.io, "cannot create \(path): \(String(cString: strerror(code)))")
        }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw ActaError(.io, "cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func read(_ path: String) throws -> SigningKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ActaError(.io, "cannot read the key file \(path)")
        }
        do {
            return try SigningKey(parsing: String(decoding: data, as: UTF8.self))
        } catch let error as ActaError {
            throw ActaError(error.kind, "\(path): \(error.message)")
        }
    }

    /// A verifier key given on the command line, or the path of a file holding one.
    static func verifier(_ argument: String) throws -> VerifierKey {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), !isDirectory.boolValue {
            guard let data = FileManager.default.contents(atPath: argument) else { throw ActaError(.io, "cannot read \(argument)") }
            return try VerifierKey(parsing: String(decoding: data, as: UTF8.self))
        }
        return try VerifierKey(parsing: argument)
    }

    /// A file's text, or standard input for `-`.
    static func text(_ path: String, what: String) throws -> String {
        if path == "-" { return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ActaError(.io, "cannot read the \(what) \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
