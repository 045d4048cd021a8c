import Testing

@testable import ActaLog

/// The import's two-stage pipeline: chunks come out in order, whichever thread made them,
/// and the first error stops it at its chunk.
@Suite struct ChunkPipelineTests {
    @Test func chunksComeInOrderWhetherTheProducerOrTheConsumerMadeThem() throws {
        let pipeline = ChunkPipeline<Int>(count: 10_000, chunkSize: 7, lead: 2) { i in i * 3 }
        defer { pipeline.cancelAndWait() }
        var all: [Int] = []
        for chunk in 0..<pipeline.chunkCount {
            let items = try pipeline.take(chunk)
            all += items
            pipeline.retire(chunk, items)
        }
        #expect(all == (0..<10_000).map { $0 * 3 })
    }

    @Test func theConsumerMakesAChunkTheProducerHasNotStarted() throws {
        // The producer may hold at most one chunk ahead; the consumer, slow on the first
        // chunk, finds the later ones already made or makes them itself: either way, in order.
        let pipeline = ChunkPipeline<Int>(count: 100, chunkSize: 10, lead: 1) { i in i }
        defer { pipeline.cancelAndWait() }
        for chunk in 0..<pipeline.chunkCount {
            #expect(try pipeline.take(chunk) == Array((chunk * 10)..<(chunk * 10 + 10)))
        }
    }

    @Test func theFirstErrorIsThrownForItsChunk() throws {
        struct Bad: Error {}
        let pipeline = ChunkPipeline<Int>(count: 100, chunkSize: 10, lead: 4) { i in
            if i == 57 { throw Bad() }
            return i
        }
        defer { pipeline.cancelAndWait() }
        for chunk in 0..<5 { #expect(try pipeline.take(chunk).count == 10) }
        #expect(throws: Bad.self) { try pipeline.take(5) }
    }
}
