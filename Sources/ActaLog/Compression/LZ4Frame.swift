import CLZ4
import Foundation

/// LZ4 frames through Debian's liblz4: the only type in Acta that calls into CLZ4.
///
/// A payload is a standard frame (magic 0x184D2204) with the content size in its header
/// and a content checksum at its end, so `lz4 -d` reads it and a damaged payload is caught
/// by the checksum as well as by the data hash. A frame compressed against a dictionary
/// carries the dictionary's id in its header (`lz4 -d -D DICT` reads it).
///
/// Related document: <https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md>
public enum LZ4Frame {
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public let operation: String
        public let reason: String
        public var description: String { "LZ4 \(operation) failed: \(reason)" }
    }

    /// Compresses `input` into one LZ4 frame with a content checksum, against `dictionary` if given.
    public static func compress(_ input: [UInt8], dictionary: LZ4Dictionary? = nil) throws(Error) -> [UInt8] {
        var prefs = LZ4F_preferences_t()
        prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled
        prefs.frameInfo.contentSize = UInt64(input.count)
        prefs.frameInfo.blockSizeID = LZ4F_max64KB
        if let dictionary { prefs.frameInfo.dictID = dictionary.id }
        let bound = LZ4F_compressFrameBound(input.count, &prefs)
        var output = [UInt8](repeating: 0, count: bound)
        let written: Int
        if let dictionary {
            let cctx = CompressionContexts.shared.take()
            defer { CompressionContexts.shared.give(cctx) }
            written = input.withUnsafeBytes { src in
                output.withUnsafeMutableBytes { dst in
                    LZ4F_compressFrame_usingCDict(cctx, dst.baseAddress, bound, src.baseAddress, input.count, dictionary.cdict, &prefs)
                }
            }
        } else {
            written = input.withUnsafeBytes { src in
                output.withUnsafeMutableBytes { dst in
                    LZ4F_compressFrame(dst.baseAddress, bound, src.baseAddress, input.count, &prefs)
                }
            }
        }
        if LZ4F_isError(written) != 0 {
            throw Error(operation: "compression", reason: String(cString: LZ4F_getErrorName(written)))
        }
        output.removeSubrange(written...)
        return output
    }

    /// Decompresses one whole LZ4 frame that must yield exactly `expectedSize` bytes.
    public static func decompress(_ frame: [UInt8], expectedSize: Int, dictionary: LZ4Dictionary? = nil) throws(Error) -> [UInt8] {
        try Decompressor().decompress(frame, expectedSize: expectedSize, dictionary: dictionary)
    }

    /// The dictionary id in a frame's header, or nil when the frame names none.
    public static func dictionaryID(of frame: [UInt8]) -> UInt32? {
        frame.withUnsafeBytes { dictionaryID(of: $0) }
    }

    /// The dictionary id in the header of the frame at `frame`, or nil when it names none.
    static func dictionaryID(of frame: UnsafeRawBufferPointer) -> UInt32? {
        // magic(4) FLG(1) BD(1) [content size(8) if FLG bit 3] [dictID(4) if FLG bit 0] HC(1)
        guard frame.count >= 7, frame[0] == 0x04, frame[1] == 0x22, frame[2] == 0x4D, frame[3] == 0x18 else { return nil }
        let flg = frame[4]
        guard flg & 0x01 != 0 else { return nil }
        let at = 6 + (flg & 0x08 != 0 ? 8 : 0)
        guard frame.count >= at + 4 else { return nil }
        return UInt32(frame[at]) | UInt32(frame[at + 1]) << 8 | UInt32(frame[at + 2]) << 16 | UInt32(frame[at + 3]) << 24
    }

    /// A reusable decompression context; one per thread.
    ///
    /// Small frames are decoded into a scratch buffer that holds the dictionary followed by
    /// room for a whole block, and copied out once. liblz4 decodes a block straight into its
    /// destination only when the destination has room for the frame's largest block (64 KiB
    /// in Acta's frames), and otherwise through its own buffer; and it keeps a linked frame's
    /// history by copying the dictionary and the output together unless the output directly
    /// follows the dictionary. Decoding right after a copy of the dictionary avoids both:
    /// for a 270-byte event against a 4 KiB dictionary, one copy of 270 bytes instead of
    /// about 4.5 KiB.
    public final class Decompressor {
        private var context: OpaquePointer?
        /// The dictionary's bytes (if any) then ``room`` bytes to decode into.
        private var scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        /// The dictionary whose bytes begin `scratch` (held, so that it is the same one).
        private var scratchDictionary: LZ4Dictionary?

        /// Frames whose content is smaller than this are decoded in the scratch buffer.
        static let room = 65_536

        public init() {
            var dctx: OpaquePointer?
            let code = LZ4F_createDecompressionContext(&dctx, UInt32(LZ4F_VERSION))
            precondition(LZ4F_isError(code) == 0, "LZ4F_createDecompressionContext failed")
            context = dctx
        }

        deinit {
            LZ4F_freeDecompressionContext(context)
            scratch.deallocate()
        }

        public func decompress(_ frame: [UInt8], expectedSize: Int, dictionary: LZ4Dictionary? = nil) throws(Error) -> [UInt8] {
            let result = frame.withUnsafeBytes { src in
                Result { () throws(Error) in try decompress(src, expectedSize: expectedSize, dictionary: dictionary) }
            }
            return try result.get()
        }

        /// Decompresses the frame at `frame`, wherever its bytes are (a batch of rows, say).
        func decompress(_ frame: UnsafeRawBufferPointer, expectedSize: Int, dictionary: LZ4Dictionary? = nil) throws(Error) -> [UInt8] {
            guard expectedSize >= 0, expectedSize <= 1 << 30 else {
                throw Error(operation: "decompression", reason: "implausible size \(expectedSize)")
            }
            if expectedSize < Self.room {
                let d = prepareScratch(dictionary)
                let dst = UnsafeMutableRawBufferPointer(rebasing: scratch[d...])
                let dict = dictionary == nil ? nil : UnsafeRawBufferPointer(rebasing: scratch[..<d])
                try run(frame, into: dst, dictionary: dict, expectedSize: expectedSize)
                return [UInt8](UnsafeRawBufferPointer(rebasing: dst[..<expectedSize]))
            }
            // One extra byte, so a frame longer than the size column says is caught.
            var output = [UInt8](repeating: 0, count: expectedSize + 1)
            let result = output.withUnsafeMutableBytes { dst in
                Result { () throws(Error) in
                    guard let dictionary else { return try run(frame, into: dst, dictionary: nil, expectedSize: expectedSize) }
                    try dictionary.bytes.withUnsafeBytes { dict in
                        Result { () throws(Error) in try run(frame, into: dst, dictionary: dict, expectedSize: expectedSize) }
                    }.get()
                }
            }
            try result.get()
            output.removeLast()
            return output
        }

        /// Puts `dictionary`'s bytes at the start of the scratch buffer (unless they are
        /// there already) and returns their count.
        private func prepareScratch(_ dictionary: LZ4Dictionary?) -> Int {
            let count = dictionary?.bytes.count ?? 0
            if scratch.baseAddress != nil, dictionary === scratchDictionary { return count }
            if scratch.count < count + Self.room {
                scratch.deallocate()
                scratch = .allocate(byteCount: max(count, LZ4Dictionary.maxBytes) + Self.room, alignment: 16)
            }
            if let dictionary { scratch.copyBytes(from: dictionary.bytes) }
            scratchDictionary = dictionary
            return count
        }

        /// Decodes the whole frame into `dst`, which must be larger than `expectedSize`,
        /// and checks that it held exactly `expectedSize` bytes.
        private func run(
            _ frame: UnsafeRawBufferPointer,
            into dst: UnsafeMutableRawBufferPointer,
            dictionary: UnsafeRawBufferPointer?,
            expectedSize: Int
        ) throws(Error) {
            LZ4F_resetDecompressionContext(context)
            var consumed = 0
            var produced = 0
            var status = 1
            while consumed < frame.count {
                var srcSize = frame.count - consumed
                var dstSize = dst.count - produced
                if let dictionary {
                    status = LZ4F_decompress_usingDict(
                        context,
                        dst.baseAddress! + produced,
                        &dstSize,
                        frame.baseAddress! + consumed,
                        &srcSize,
                        dictionary.baseAddress,
                        dictionary.count,
                        nil
                    )
                } else {
                    status = LZ4F_decompress(context, dst.baseAddress! + produced, &dstSize, frame.baseAddress! + consumed, &srcSize, nil)
                }
                if LZ4F_isError(status) != 0 {
                    throw Error(operation: "decompression", reason: String(cString: LZ4F_getErrorName(status)))
                }
                consumed += srcSize
                produced += dstSize
                if status == 0 { break }
                if srcSize == 0 && dstSize == 0 { break }
            }
            guard produced <= expectedSize else {
                throw Error(operation: "decompression", reason: "frame holds more than the \(expectedSize) bytes the size column says")
            }
            guard status == 0 else { throw Error(operation: "decompression", reason: "truncated frame") }
            guard consumed == frame.count else {
                throw Error(operation: "decompression", reason: "\(frame.count - consumed) trailing bytes after the frame")
            }
            guard produced == expectedSize else {
                throw Error(operation: "decompression", reason: "frame holds \(produced) bytes, size column says \(expectedSize)")
            }
        }
    }
}

/// A compression dictionary: its bytes, SHA-256, and the id that frames compressed against
/// it carry in their header (the first four bytes of the SHA-256, big-endian).
/// Unchecked: immutable after init; liblz4 documents a CDict as read-only and shareable
/// between threads.
public final class LZ4Dictionary: @unchecked Sendable {
    public let bytes: [UInt8]
    public let sha256: [UInt8]
    public let id: UInt32
    fileprivate let cdict: OpaquePointer

    /// Throws when liblz4 cannot make the dictionary's compression tables (it returns NULL
    /// only when memory runs out).
    public init(_ bytes: [UInt8]) throws {
        guard let cdict = bytes.withUnsafeBytes({ LZ4F_createCDict($0.baseAddress, $0.count) }) else {
            throw ActaError(.io, "liblz4 could not prepare a compression dictionary of \(bytes.count) bytes (out of memory)")
        }
        self.bytes = bytes
        self.cdict = cdict
        sha256 = Digest.sha256(bytes)
        id = Self.id(of: sha256)
    }

    deinit { LZ4F_freeCDict(cdict) }

    public static func id(of sha256: [UInt8]) -> UInt32 {
        UInt32(sha256[0]) << 24 | UInt32(sha256[1]) << 16 | UInt32(sha256[2]) << 8 | UInt32(sha256[3])
    }

    /// LZ4 uses at most the last 64 KiB of a dictionary.
    public static let maxBytes = 65_536
}

/// A small pool of compression contexts, so parallel preparation reuses them.
/// Unchecked: the context pointers are handed out under the lock, each to one thread at a time.
final class CompressionContexts: @unchecked Sendable {
    static let shared = CompressionContexts()
    private let lock = NSLock()
    private var free: [OpaquePointer] = []

    func take() -> OpaquePointer {
        lock.lock()
        if let c = free.popLast() {
            lock.unlock()
            return c
        }
        lock.unlock()
        var cctx: OpaquePointer?
        let code = LZ4F_createCompressionContext(&cctx, UInt32(LZ4F_VERSION))
        precondition(LZ4F_isError(code) == 0 && cctx != nil, "LZ4F_createCompressionContext failed")
        return cctx!
    }

    func give(_ c: OpaquePointer) {
        lock.lock()
        free.append(c)
        lock.unlock()
    }
}
