import ActaLog
import Foundation
import Testing

@Suite struct LZ4FrameTests {
    @Test func roundTripsAndChecksSizes() throws {
        for input in [[], Array("x".utf8), Array(String(repeating: "The Conference adopted the principle. ", count: 500).utf8)] as [[UInt8]] {
            let frame = try LZ4Frame.compress(input)
            #expect(Array(frame.prefix(4)) == [0x04, 0x22, 0x4D, 0x18], "LZ4 frame magic number")
            #expect(try LZ4Frame.decompress(frame, expectedSize: input.count) == input)
            #expect(throws: LZ4Frame.Error.self) { try LZ4Frame.decompress(frame, expectedSize: input.count + 1) }
        }
    }

    @Test func contentChecksumCatchesADamagedFrame() throws {
        let input = Array(String(repeating: "abcdefgh", count: 100).utf8)
        var frame = try LZ4Frame.compress(input)
        frame[frame.count - 6] ^= 0x01
        #expect(throws: LZ4Frame.Error.self) { try LZ4Frame.decompress(frame, expectedSize: input.count) }
        #expect(throws: LZ4Frame.Error.self) { try LZ4Frame.decompress(Array(frame.prefix(10)), expectedSize: input.count) }
    }

    /// An auditor extracts a plain-frame payload (codec 1) with the `sqlite3` shell and decompresses it with the real `lz4` tool.
    @Test func lz4ToolDecompressesAPayloadExtractedWithSqlite3() throws {
        let store = try TestStore(catalog: OpenCatalog())
        let result = try store.log.append(Sample.outcome(4, ordinal: 3, text: "To submit the relevant legal provisions by September 1, 2018."))
        let frameFile = store.directory.appendingPathComponent("payload.lz4").path
        let out = try store.sqlite("SELECT writefile('\(frameFile)', payload) FROM events WHERE position = \(result.position)")
        #expect(out.status == 0, "\(out.output)")
        let decoded = try Shell.run("/usr/bin/lz4", ["-d", "-c", frameFile])
        #expect(decoded.status == 0, "\(decoded.output)")
        let entry = try #require(try store.log.entry(at: result.position))
        #expect(decoded.output == String(decoding: entry.data, as: UTF8.self))
        #expect(Hex.encode(Digest.sha256(Array(decoded.output.utf8))) == entry.dataHash)
    }
}
