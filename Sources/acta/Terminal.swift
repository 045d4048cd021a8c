import Foundation
import Synchronization

/// Output for people: errors, tables and progress, and nothing decorative when the
/// stream is not a terminal.
enum Terminal {
    static let stderrIsTTY = isatty(STDERR_FILENO) == 1

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("acta: error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// A progress bar on stderr, drawn only when stderr is a terminal.
    final class Progress: Sendable {
        private let label: String
        private let lastDrawn = Mutex(Date.distantPast)
        private let enabled: Bool

        init(_ label: String, enabled: Bool = Terminal.stderrIsTTY) {
            self.label = label
            self.enabled = enabled
        }

        func update(_ phase: String, _ done: Int, _ total: Int) {
            guard enabled else { return }
            let now = Date()
            let due = lastDrawn.withLock { last in
                guard done >= total || now.timeIntervalSince(last) > 0.1 else { return false }
                last = now
                return true
            }
            guard due else { return }
            let width = 30
            let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) \(phase) [\(bar)] \(Int(fraction * 100))% \(done)/\(total)\u{1B}[K".utf8))
        }

        func finish() {
            guard enabled else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
    }
}
