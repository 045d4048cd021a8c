import NIOCore

/// Response bodies kept for the current head, bounded in bytes: when a new body would pass
/// the budget, the least recently used go until a quarter of the budget is free. A body
/// larger than an eighth of the budget is not kept (it would flush everything else).
/// Bodies are kept as the buffers responses are written from: a hit is sent without a copy.
struct ResponseCache {
    let budget: Int
    private(set) var bytes = 0
    private var entries: [String: (body: ByteBuffer, used: UInt64)] = [:]
    private var clock: UInt64 = 0
    /// What one entry costs beyond its key and body (the dictionary's slot and the array's header).
    static let overhead = 96

    init(budget: Int) {
        self.budget = budget
    }

    static func cost(_ key: String, _ body: ByteBuffer) -> Int { key.utf8.count + body.readableBytes + overhead }

    subscript(key: String) -> ByteBuffer? {
        mutating get {
            guard let hit = entries[key] else { return nil }
            clock += 1
            entries[key] = (hit.body, clock)
            return hit.body
        }
        set {
            if let old = entries.removeValue(forKey: key) { bytes -= Self.cost(key, old.body) }
            guard let body = newValue, Self.cost(key, body) <= budget / 8 else { return }
            clock += 1
            entries[key] = (body, clock)
            bytes += Self.cost(key, body)
            if bytes > budget { evict(downTo: budget - budget / 4) }
        }
    }

    mutating func removeAll() {
        entries.removeAll(keepingCapacity: false)
        bytes = 0
    }

    private mutating func evict(downTo target: Int) {
        for (key, entry) in entries.sorted(by: { $0.value.used < $1.value.used }) {
            guard bytes > target else { break }
            entries[key] = nil
            bytes -= Self.cost(key, entry.body)
        }
    }

    var count: Int { entries.count }
}
