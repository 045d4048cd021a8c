import Foundation
import Synchronization

/// Random bytes for new ids, drawn from the system's generator 4 KiB at a time: one
/// `getentropy` call serves 16 ids instead of two calls per id. The bytes are the
/// system generator's, so ids stay as unpredictable as with one call each.
final class EntropyPool: Sendable {
    static let shared = EntropyPool()

    private struct State {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var next = 4096
    }

    private let state = Mutex(State())

    /// Two random 64-bit words.
    func words() -> (UInt64, UInt64) {
        state.withLock { s in
            if s.next + 16 > s.bytes.count {
                s.bytes.withUnsafeMutableBytes(Self.fill)
                s.next = 0
            }
            let next = s.next
            let words = s.bytes.withUnsafeBytes {
                ($0.loadUnaligned(fromByteOffset: next, as: UInt64.self), $0.loadUnaligned(fromByteOffset: next + 8, as: UInt64.self))
            }
            // Each byte is used once.
            s.next += 16
            return words
        }
    }

    private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        // getentropy serves at most 256 bytes per call.
        var filled = 0
        while filled < buffer.count, getentropy(buffer.baseAddress! + filled, 256) == 0 { filled += 256 }
        if filled == buffer.count { return }
        // Should getentropy fail: the standard library's generator, word by word.
        var g = SystemRandomNumberGenerator()
        for i in stride(from: 0, to: buffer.count, by: 8) { buffer.storeBytes(of: g.next() as UInt64, toByteOffset: i, as: UInt64.self) }
    }
}
