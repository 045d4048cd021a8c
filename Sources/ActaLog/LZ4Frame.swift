import CLZ4

/// LZ4 frames through Debian's liblz4: the only type in Acta that calls into CLZ4.
///
/// A payload is a standard frame (magic 0x184D2204) with the content size in its header
/// and a content checksum at its end, so `lz4 -d` reads it and a damaged payload is caught
/// by the checksum as well as by the data hash.
///
/// Related document: <https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md>
public enum LZ4Frame {
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public let operation: String
        public let reason: String
        public var description: String { "LZ4 \(operation) failed: \(reason)" }
    }

    /// Compresses `input` into one LZ4 frame with a content checksum.
    public static func compress(_ input: [UInt8]) throws(Error) -> [UInt8] {
        var prefs = LZ4F_preferences_t()
        prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled
        prefs.frameInfo.contentSize = UInt64(input.count)
        prefs.frameInfo.blockSizeID = LZ4F_max64KB
        let bound = LZ4F_compressFrameBound(input.count, &prefs)
        var output = [UInt8](repeating: 0, count: bound)
        let written = input.withUnsafeBytes { src in
            output.withUnsafeMutableBytes { dst in
                LZ4F_compressFrame(dst.baseAddress, bound, src.baseAddress, input.count, &prefs)
            }
        }
        if LZ4F_isError(written) != 0 {
            throw Error(operation: "compression", reason: String(cString: LZ4F_getErrorName(written)))
        }
        output.removeSubrange(written...)
        return output
    }

    /// Decompresses one whole LZ4 frame that must yield exactly `expectedSize` bytes.
    public static func decompress(_ frame: [UInt8], expectedSize: Int) throws(Error) -> [UInt8] {
        try Decompressor().decompress(frame, expectedSize: expectedSize)
    }

    /// A reusable decompression context; one per thread.
    public final class Decompressor {
        private var context: OpaquePointer?

        public init() {
            var dctx: OpaquePointer?
            let code = LZ4F_createDecompressionContext(&dctx, UInt32(LZ4F_VERSION))
            precondition(LZ4F_isError(code) == 0, "LZ4F_createDecompressionContext failed")
            context = dctx
        }

        deinit { LZ4F_freeDecompressionContext(context) }

        public func decompress(_ frame: [UInt8], expectedSize: Int) throws(Error) -> [UInt8] {
            guard expectedSize >= 0, expectedSize <= 1 << 30 else {
                throw Error(operation: "decompression", reason: "implausible size \(expectedSize)")
            }
            LZ4F_resetDecompressionContext(context)
            var output = [UInt8](repeating: 0, count: expectedSize + 1)
            var consumed = 0
            var produced = 0
            var status = 1
            var failure: String? = nil
            frame.withUnsafeBytes { src in
                output.withUnsafeMutableBytes { dst in
                    while consumed < frame.count {
                        var srcSize = frame.count - consumed
                        var dstSize = dst.count - produced
                        status = LZ4F_decompress(
                            context, dst.baseAddress! + produced, &dstSize, src.baseAddress! + consumed, &srcSize, nil)
                        if LZ4F_isError(status) != 0 {
                            failure = String(cString: LZ4F_getErrorName(status))
                            return
                        }
                        consumed += srcSize
                        produced += dstSize
                        if status == 0 { break }
                        if srcSize == 0 && dstSize == 0 { break }
                    }
                }
            }
            if let failure { throw Error(operation: "decompression", reason: failure) }
            guard status == 0 else { throw Error(operation: "decompression", reason: "truncated frame") }
            guard consumed == frame.count else {
                throw Error(operation: "decompression", reason: "\(frame.count - consumed) trailing bytes after the frame")
            }
            guard produced == expectedSize else {
                throw Error(operation: "decompression", reason: "frame holds \(produced) bytes, size column says \(expectedSize)")
            }
            output.removeLast()
            return output
        }
    }
}
