import Foundation

/// Produces `count` items in chunks on a background thread, in order, while the caller
/// consumes earlier chunks: a two-stage pipeline for work that must be applied in order
/// (appending) but can be prepared ahead (parsing, checking, compressing).
///
/// The work is shared: when the consumer asks for a chunk the producer has not started,
/// the consumer produces it itself (the producer then goes on with the next one), so
/// neither thread waits while the other has work it could do. Items are produced in any
/// order across threads; chunks are taken in order.
///
/// Production stops at the first error, which ``take(_:)`` rethrows for that chunk.
/// Call ``cancelAndWait()`` before the inputs the producer reads go away.
///
/// The consumer hands each chunk it is done with back through ``retire(_:_:)``: a chunk the
/// producer made is freed by the producer, on the thread that allocated it, which the
/// allocator serves far faster than frees from another thread.
/// Unchecked: every mutable field but `madeByConsumer` (the consumer's alone) is read and
/// written under `lock` (a condition variable, which `Mutex` does not offer).
final class ChunkPipeline<Item: Sendable>: @unchecked Sendable {
    let chunkSize: Int
    let chunkCount: Int
    /// How many chunks the producer may hold ready: `lead × chunkSize` items at most.
    let lead: Int
    private let lock = NSCondition()
    private var slots: [Result<[Item], any Error>?]
    /// Whether each chunk has been started, by either thread.
    private var started: [Bool]
    /// Whether each chunk was made by the consumer (freed where it is retired). The one
    /// field outside `lock`: only the consumer's thread reads or writes it.
    private var madeByConsumer: [Bool]
    private let produce: @Sendable (Int) throws -> Item
    private let count: Int
    private var cancelled = false
    private var finished = false
    /// Chunks the consumer is done with, for the producer to free.
    private var retired: [[Item]] = []

    init(count: Int, chunkSize: Int, lead: Int = 4, produce: @escaping @Sendable (Int) throws -> Item) {
        self.chunkSize = chunkSize
        self.lead = lead
        self.produce = produce
        self.count = count
        chunkCount = (count + chunkSize - 1) / chunkSize
        slots = Array(repeating: nil, count: chunkCount)
        started = Array(repeating: false, count: chunkCount)
        madeByConsumer = Array(repeating: false, count: chunkCount)
        let thread = Thread { [self] in
            defer {
                lock.lock()
                finished = true
                lock.broadcast()
                lock.unlock()
            }
            var chunk = 0
            while chunk < chunkCount {
                // Stay at most `lead` chunks ahead of the consumer, freeing retired chunks
                // meanwhile; skip the chunks the consumer started itself.
                var skip = false
                while true {
                    freeRetired()
                    lock.lock()
                    skip = started[chunk]
                    let ahead = !cancelled && !skip && chunk >= lead && isHeld(chunk - lead)
                    if ahead, retired.isEmpty { lock.wait() }
                    let stop = cancelled
                    if !stop, !ahead, !skip { started[chunk] = true }
                    lock.unlock()
                    if stop { return }
                    if !ahead { break }
                }
                if skip {
                    chunk += 1
                    continue
                }
                let result = make(chunk)
                lock.lock()
                slots[chunk] = result
                lock.broadcast()
                lock.unlock()
                if case .failure = result { return }
                chunk += 1
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

    /// Produces the items of `chunk`, or the first error.
    private func make(_ chunk: Int) -> Result<[Item], any Error> {
        do {
            var items: [Item] = []
            items.reserveCapacity(chunkSize)
            for i in (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize) { items.append(try produce(i)) }
            return .success(items)
        } catch {
            return .failure(error)
        }
    }

    /// Whether a produced chunk is still waiting to be taken.
    private func isHeld(_ chunk: Int) -> Bool {
        if case .success(let items) = slots[chunk] { return !items.isEmpty || chunkSize == 0 }
        return false
    }

    /// Returns the items of chunk `index`, or throws the error that stopped production: made
    /// here when the producer has not started it, else waited for.
    func take(_ index: Int) throws -> [Item] {
        lock.lock()
        defer { lock.unlock() }
        if !started[index], !finished {
            started[index] = true
            madeByConsumer[index] = true
            lock.unlock()
            let result = make(index)
            lock.lock()
            return try result.get()
        }
        while slots[index] == nil, !finished { lock.wait() }
        guard let result = slots[index] else {
            // The producer stopped on an earlier chunk's error, already thrown to the caller.
            throw ActaError(.invalidInput, "import stopped")
        }
        slots[index] = .success([])
        lock.broadcast()
        return try result.get()
    }

    /// Hands taken chunk `index` back: one the producer made, for it to free.
    func retire(_ index: Int, _ items: consuming [Item]) {
        if madeByConsumer[index] { return }  // freed here, where it was made
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
