import Testing

@testable import ActaLog

/// New ids are RFC 9562 UUIDv7 text: the time in the first 48 bits, version 7, variant 10.
@Suite struct EventIDTests {
    @Test func aNewIDIsALowercaseUUIDv7WithItsMillisecondsFirst() throws {
        let ms: UInt64 = 0x0193_6F2A_1B3C  // 2024-11-30T…
        let id = EventID.make(milliseconds: ms)
        #expect(id.utf8.count == 36)
        #expect(EventID.normalize(id) == id, "canonical lowercase form")
        let parts = id.split(separator: "-").map(String.init)
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[0] + parts[1] == "01936f2a1b3c", "48 bits of milliseconds, most significant first")
        #expect(parts[2].hasPrefix("7"), "version 7")
        #expect(["8", "9", "a", "b"].contains(parts[3].prefix(1)), "variant 10")
    }

    @Test func idsDifferInTheirRandomBits() {
        let ids = (0..<1000).map { _ in EventID.make(milliseconds: 1) }
        #expect(Set(ids).count == 1000)
        // Each random hex digit takes more than one value across the ids.
        let random = [15, 16, 17, 19, 20, 21, 22, 24, 25, 30, 35]
        for offset in random {
            let digits = Set(ids.map { Array($0.utf8)[offset] })
            #expect(digits.count > 1, "digit \(offset) varies")
        }
    }

    /// The bits an import keeps of each id it wrote: one number per canonical id, none for
    /// any other text (which the import then looks up in the log as before).
    @Test func anIDsBitsAreItsHexDigitsAndOnlyACanonicalIDHasThem() {
        #expect(EventID.bits("0190f2a4-0000-7000-8000-0000000000aa") == 0x0190_f2a4_0000_7000_8000_0000_0000_00aa)
        #expect(EventID.bits("ffffffff-ffff-ffff-ffff-ffffffffffff") == UInt128.max)
        let ids = (0..<1000).map { _ in EventID.make() }
        #expect(Set(ids.compactMap(EventID.bits)).count == 1000)
        for text in [
            "0190F2A4-0000-7000-8000-0000000000AA", "0190f2a4-0000-7000-8000-0000000000a", "0190f2a4-0000-7000-8000-0000000000aaa",
            "0190f2a40000-7000-8000-0000000000aa-", "0190f2a4-0000-7000-8000-0000000000ag", "", "not an id",
        ] {
            #expect(EventID.bits(text) == nil, "\(text)")
        }
    }
}
