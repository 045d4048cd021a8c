import ActaLog
import Foundation

/// Where a command that makes a document writes it: `--output FILE`, or stdout.
enum OutputFile {
    /// Refuses an existing file before any work is done, so nothing is overwritten.
    static func refuseExisting(_ path: String?) throws {
        if let path, FileManager.default.fileExists(atPath: path) {
            throw ActaError(.invalidInput, "\(path) already exists; choose another --output")
        }
    }

    /// Writes `text` to `path`, or to stdout when there is none.
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw ActaError(.io, "cannot write \(path) (check the directory exists and is writable)")
        }
        Terminal.note("wrote \(path)")
    }
}
