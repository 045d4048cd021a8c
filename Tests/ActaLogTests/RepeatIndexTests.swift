import Testing

@testable import ActaLog

/// A stream's earlier events by type and data: listed while few, hashed beyond; either way
/// the first holder of a key is the one a repeat is refused against.
@Suite struct RepeatIndexTests {
    func key(_ n: Int, type: String = "MembershipReported") -> StreamStates.RepeatKey {
        // The key is the first 64 bits of the data's hash, and the type.
        let hash = String(n, radix: 16).leftPadded(16) + String(repeating: "0", count: 48)
        let entry = Entry(
            position: Int64(n),
            id: "",
            stream: "conference",
            version: Int64(n),
            type: type,
            schema: 1,
            occurred: "2026-01-01",
            recorded: "2026-01-01T00:00:00.000Z",
            actor: "t",
            meta: "{}",
            dataHash: hash,
            hash: [],
            chain: [],
            data: [],
            codec: 1,
            storedSize: 0
        )
        return StreamStates.RepeatKey(entry)
    }

    @Test func theFirstHolderIsFoundBeforeAndAfterTheListGrowsIntoATable() {
        var index = RepeatIndex()
        for n in 1...(RepeatIndex.listed * 3) {
            index.keepFirst(key(n), StreamStates.Earlier(position: Int64(n), recorded: "", dataHash: ""))
            // A repeat of an earlier key keeps the first position.
            index.keepFirst(key(1), StreamStates.Earlier(position: 1000 + Int64(n), recorded: "", dataHash: ""))
            for m in [1, n / 2 + 1, n] { #expect(index[key(m)]?.position == Int64(m), "\(m) of \(n)") }
            #expect(index[key(n + 1)] == nil)
            // The same data under another type is another key.
            #expect(index[key(n, type: "DeclarationSigned")] == nil)
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
