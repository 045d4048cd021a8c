import GRDB
import Testing

@testable import ActaLog

/// Every SQLite result code on the hot paths is checked: a failing bind or step throws
/// GRDB's error with SQLite's code, message and the statement's SQL.
@Suite struct SQLiteStatementTests {
    @Test func aFailingBindThrowsWithCodeMessageAndSQL() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a INTEGER NOT NULL UNIQUE)")
            let s = SQLiteStatement(try db.makeStatement(sql: "INSERT INTO t (a) VALUES (?)"))
            let error = #expect(throws: DatabaseError.self) { try s.bind(2, 7) }  // no parameter 2
            #expect(error?.resultCode == .SQLITE_RANGE)
            #expect(error?.sql == "INSERT INTO t (a) VALUES (?)")
            #expect(error?.message?.isEmpty == false)
        }
    }

    @Test func aFailingStepIsReportedAndTheNextRunWorks() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (a INTEGER NOT NULL UNIQUE)")
            let s = SQLiteStatement(try db.makeStatement(sql: "INSERT INTO t (a) VALUES (?)"))
            try s.bind(1, 1)
            #expect(s.run() == nil)
            s.clear()
            try s.bind(1, 1)
            let failure = try #require(s.run())
            #expect(failure.resultCode == .SQLITE_CONSTRAINT)
            #expect(failure.message?.contains("UNIQUE") == true)
            s.clear()
            try s.bind(1, 2)
            #expect(s.run() == nil)
            s.clear()
            let read = SQLiteStatement(try db.makeStatement(sql: "SELECT a FROM t ORDER BY a"))
            var rows = 0
            while try read.step() { rows += 1 }
            #expect(rows == 2)
        }
    }
}
