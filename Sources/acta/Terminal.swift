import Foundation

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
    final class Progress: @unchecked Sendable {
        private let label: String
        private var lastDrawn = Date.distantPast
        private let enabled: Bool
        private let lock = NSLock()

        init(_ label: String, enabled: Bool = Terminal.stderrIsTTY) {
            self.label = label
            self.enabled = enabled
        }

        func update(_ phase: String, _ done: Int, _ total: Int) {
            guard enabled else { return }
            lock.lock()
            defer { lock.unlock() }
            let now = Date()
            guard done >= total || now.timeIntervalSince(lastDrawn) > 0.1 else { return }
            lastDrawn = now
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

