import ActaLog
import Testing

/// Keys written byte by byte read as the interpolated keys they replaced: what a store
/// already holds is found again.
@Suite struct ViewKeyTests {
    @Test(arguments: [0, 1, 9, 10, 42, 999, 1000, 123_456, 1_000_000, 9_999_999, Int.max])
    func keysMatchTheirInterpolatedForm(n: Int) {
        #expect(ViewKey.make("outcome", "conference", n, 6, 7, 4) == "outcome/conference/\(n.padded(6))/\(7.padded(4))")
        #expect(ViewKey.make("outcome", "executive-board", 3, 6, n, 4) == "outcome/executive-board/\(3.padded(6))/\(n.padded(4))")
        #expect(ViewKey.make("meeting", "é body", n, 6) == "meeting/é body/\(n.padded(6))")
        #expect(ViewKey.make("designation", "", n, 12, n, 0) == "designation//\(n.padded(12))/\(n.padded(0))")
    }

    @Test func negativeNumbersKeepTheirSign() {
        #expect(ViewKey.make("meeting", "conference", -5, 6) == "meeting/conference/\((-5).padded(6))")
        #expect(ViewKey.make("outcome", "conference", 5, 6, -12, 4) == "outcome/conference/000005/\((-12).padded(4))")
    }
}
