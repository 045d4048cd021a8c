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

    /// One decompressor, as a decoding thread keeps it, switching between dictionaries and
    /// none, on both sides of the size below which frames are decoded in its scratch buffer.
    @Test func oneDecompressorSwitchesDictionariesAndSizes() throws {
        let text = Array(String(repeating: "The Conference adopted the principle of holding meetings alternately. ", count: 80).utf8)
        let a = try LZ4Dictionary(Array(text.prefix(4096)))
        let b = try LZ4Dictionary(Array(String(repeating: "Owner ME. Due 2018-09-01. Submitted late by the office. ", count: 60).utf8))
        var inputs: [[UInt8]] = [[], Array("x".utf8), Array(text.prefix(270))]
        for size in [65_535, 65_536, 65_537, 200_000] {
            inputs.append((0..<size).map { text[$0 % text.count] &+ UInt8(truncatingIfNeeded: $0 / 4093) })
        }
        let decompressor = LZ4Frame.Decompressor()
        for input in inputs {
            for dictionary in [a, nil, b, a, nil] as [LZ4Dictionary?] {
                let frame = try LZ4Frame.compress(input, dictionary: dictionary)
                #expect(try decompressor.decompress(frame, expectedSize: input.count, dictionary: dictionary) == input, "\(input.count) bytes")
                #expect(throws: LZ4Frame.Error.self) { try decompressor.decompress(frame, expectedSize: input.count + 1, dictionary: dictionary) }
                if !input.isEmpty {
                    #expect(throws: LZ4Frame.Error.self) { try decompressor.decompress(frame, expectedSize: input.count - 1, dictionary: dictionary) }
                }
                if let dictionary, input.count > 100 {
                    // The wrong dictionary gives other bytes, which the content checksum catches.
                    let other = dictionary === a ? b : a
                    #expect(throws: LZ4Frame.Error.self) { try decompressor.decompress(frame, expectedSize: input.count, dictionary: other) }
                }
                var damaged = frame
                damaged[damaged.count - 6] ^= 0x01
                #expect(throws: LZ4Frame.Error.self) { try decompressor.decompress(damaged, expectedSize: input.count, dictionary: dictionary) }
            }
        }
    }
}
