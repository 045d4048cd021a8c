import Foundation

/// Produces `count` items in chunks on a background thread, in order, while the caller
/// consumes earlier chunks: a two-stage pipeline for work that must be applied in order
/// (appending) but can be prepared ahead (parsing, checking, compressing).
///
/// Production stops at the first error, which ``take(_:)`` rethrows for that chunk.
/// Call ``cancelAndWait()`` before the inputs the producer reads go away.
final class ChunkPipeline<Item: Sendable>: @unchecked Sendable {
    let chunkSize: Int
    let chunkCount: Int
    private let lock = NSCondition()
    private var slots: [Result<[Item], any Error>?]
    private var cancelled = false
    private var finished = false

    init(count: Int, chunkSize: Int, produce: @escaping @Sendable (Int) throws -> Item) {
        self.chunkSize = chunkSize
        chunkCount = (count + chunkSize - 1) / chunkSize
        slots = Array(repeating: nil, count: chunkCount)
        let thread = Thread { [self] in
            defer {
                lock.lock()
                finished = true
                lock.broadcast()
                lock.unlock()
            }
            for chunk in 0..<chunkCount {
                lock.lock()
                // Stay at most four chunks ahead of the consumer.
                while !cancelled, chunk >= 4, slots[chunk - 4] != nil, isHeld(chunk - 4) { lock.wait() }
                let stop = cancelled
                lock.unlock()
                if stop { return }
                let result: Result<[Item], any Error>
                do {
                    var items: [Item] = []
                    items.reserveCapacity(chunkSize)
                    for i in (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize) { items.append(try produce(i)) }
                    result = .success(items)
                } catch {
                    result = .failure(error)
                }
                lock.lock()
                slots[chunk] = result
                lock.broadcast()
                lock.unlock()
                if case .failure = result { return }
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Whether a produced chunk is still waiting to be taken.
    private func isHeld(_ chunk: Int) -> Bool {
        if case .success(let items) = slots[chunk] { return !items.isEmpty || chunkSize == 0 }
        return false
    }

    /// Waits for chunk `index` and returns its items, or throws the error that stopped production.
    func take(_ index: Int) throws -> [Item] {
        lock.lock()
        defer { lock.unlock() }
        while slots[index] == nil, !finished { lock.wait() }
        guard let result = slots[index] else {
            // The producer stopped on an earlier chunk's error, already thrown to the caller.
            throw ActaError(.invalidInput, "import stopped")
        }
        slots[index] = .success([])
        lock.broadcast()
        return try result.get()
    }

    /// Stops production and waits until the producer thread has ended.
    func cancelAndWait() {
        lock.lock()
        cancelled = true
        lock.broadcast()
        while !finished { lock.wait() }
        lock.unlock()
    }
}
