import ActaLog
import Foundation

/// Reads `--data JSON|@FILE|-` and import sources as raw bytes (UTF-8 is checked by the parser).
enum InputData {
    static func bytes(_ argument: String, what: String) throws -> [UInt8] {
        if argument == "-" { return try stdin() }
        if argument.hasPrefix("@") { return try file(String(argument.dropFirst()), what: what) }
        return Array(argument.utf8)
    }

    static func stdin() throws -> [UInt8] {
        Array(FileHandle.standardInput.readDataToEndOfFile())
    }

    static func file(_ path: String, what: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw ActaError(.invalidInput, "\(what): no file at \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ActaError(.invalidInput, "\(what): cannot read \(path) (check its permissions)")
        }
        return Array(data)
    }

    static func json(_ bytes: [UInt8], what: String) throws -> JSONValue {
        do { return try JSONParser.parse(bytes) } catch { throw ActaError(.invalidInput, "\(what): \(error)") }
    }
}

/// The raw command line, checked before ArgumentParser decodes it: Swift repairs invalid
/// UTF-8 in `CommandLine.arguments` with U+FFFD, which would silently record text nobody typed.
enum RawArguments {
    static func checkUTF8() throws {
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer))
            if String(validating: bytes, as: UTF8.self) == nil {
                let shown = String(decoding: bytes.prefix(40), as: UTF8.self)
                throw ActaError(.invalidInput, "argument \(index) (\"\(shown)\") is not valid UTF-8; nothing was written")
            }
        }
    }
}
