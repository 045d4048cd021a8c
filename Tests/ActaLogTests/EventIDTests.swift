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
}
