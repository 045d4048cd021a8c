import Testing

@testable import ActaLog

/// The upper bound of a range of streams by prefix on PostgreSQL: the first string in UTF-8
/// byte order after every string that starts with the prefix.
@Suite struct PostgresPrefixTests {
    @Test func theFirstStringAfterAPrefix() {
        #expect(PostgresViewRows.firstAfter(prefix: "n/") == "n0")
        #expect(PostgresViewRows.firstAfter(prefix: "notes/a") == "notes/b")
        #expect(PostgresViewRows.firstAfter(prefix: "a\u{D7FF}") == "a\u{E000}")
        #expect(PostgresViewRows.firstAfter(prefix: "a\u{10FFFF}\u{10FFFF}") == "b")
        #expect(PostgresViewRows.firstAfter(prefix: "\u{10FFFF}") == nil)
        #expect(PostgresViewRows.firstAfter(prefix: "") == nil)
    }
}
