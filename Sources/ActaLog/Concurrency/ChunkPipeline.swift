import Foundation

/// Produces `count` items in chunks on a background thread, in order, while the caller
/// consumes earlier chunks: a two-stage pipeline for work that must be applied in order
/// (appending) but can be prepared ahead (parsing, checking, compressing).
///
/// Production stops at the first error, which ``take(_:)`` rethrows for that chunk.
/// Call ``cancelAndWait()`` before the inputs the producer reads go away.
///
/// The consumer hands each chunk it is done with back through ``retire(_:)``: the producer
/// frees it, on the thread that allocated it, which the allocator serves far faster than
/// frees from another thread.
/// Unchecked: every mutable field is read and written under `lock` (a condition variable,
/// which `Mutex` does not offer).
final class ChunkPipeline<Item: Sendable>: @unchecked Sendable {
    let chunkSize: Int
    let chunkCount: Int
    /// How many chunks the producer may hold ready: `lead × chunkSize` items at most.
    let lead: Int
    private let lock = NSCondition()
    private var slots: [Result<[Item], any Error>?]
    private var cancelled = false
    private var finished = false
    /// Chunks the consumer is done with, for the producer to free.
    private var retired: [[Item]] = []

    init(count: Int, chunkSize: Int, lead: Int = 4, produce: @escaping @Sendable (Int) throws -> Item) {
        self.chunkSize = chunkSize
        self.lead = lead
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
                // Stay at most `lead` chunks ahead of the consumer, freeing retired chunks meanwhile.
                while true {
                    freeRetired()
                    lock.lock()
                    let ahead = !cancelled && chunk >= lead && isHeld(chunk - lead)
                    if ahead, retired.isEmpty { lock.wait() }
                    let stop = cancelled
                    lock.unlock()
                    if stop { return }
                    if !ahead { break }
                }
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
            // Free what the consumer still hands back, until it is done.
            while true {
                lock.lock()
                while !cancelled, retired.isEmpty { lock.wait() }
                let stop = cancelled
                lock.unlock()
                freeRetired()
                if stop { return }
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

    /// Hands a taken chunk back, for the producer thread to free.
    func retire(_ items: consuming [Item]) {
        lock.lock()
        retired.append(items)
        lock.broadcast()
        lock.unlock()
    }

    /// Frees the retired chunks, outside the lock.
    private func freeRetired() {
        lock.lock()
        var chunks: [[Item]] = []
        swap(&chunks, &retired)
        lock.unlock()
        chunks.removeAll()
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
