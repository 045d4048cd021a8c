import GRDB
import GRDBSQLite

/// The prepared `INSERT INTO events`, binding a row without copying it: the text fields are
/// gathered in one buffer, reused from row to row, that SQLite reads in place
/// (`SQLITE_STATIC`) during the step; the bindings are cleared before the buffers go away.
struct EventInsert {
    private let statement: Statement
    private var text: [UInt8] = []
    /// Where each text field ends in `text`, in the order of `textColumns`.
    private var ends: [Int] = []

    private static let textColumns: [Int32] = [2, 3, 5, 7, 8, 9, 10, 14]

    init(_ db: Database) throws {
        statement = try db.cachedStatement(sql: StoreSchema.insertEvent)
        text.reserveCapacity(1024)
        ends.reserveCapacity(Self.textColumns.count)
    }

    mutating func execute(
        position: Int64, id: String, event: PreparedEvent, version: Int64, schema: Int64, recorded: String, hash: [UInt8], chain: [UInt8]
    ) throws {
        text.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        gather(id)
        gather(event.stream)
        gather(event.type)
        gather(event.occurred)
        gather(recorded)
        gather(event.actor)
        gather(event.meta)
        gather(event.dataHash)
        let s = statement.sqliteStatement
        let ends = self.ends
        let (code, message): (Int32, String?) = text.withUnsafeBufferPointer { text in
            event.payload.withUnsafeBytes { payload in
                hash.withUnsafeBytes { hash in
                    chain.withUnsafeBytes { chain in
                        sqlite3_reset(s)
                        var start = 0
                        for (i, column) in Self.textColumns.enumerated() {
                            let pointer = UnsafeRawPointer(text.baseAddress! + start).assumingMemoryBound(to: CChar.self)
                            sqlite3_bind_text(s, column, pointer, Int32(ends[i] - start), nil)
                            start = ends[i]
                        }
                        sqlite3_bind_int64(s, 1, position)
                        sqlite3_bind_int64(s, 4, version)
                        sqlite3_bind_int64(s, 6, schema)
                        sqlite3_bind_int64(s, 11, event.codec)
                        sqlite3_bind_blob(s, 12, payload.baseAddress, Int32(payload.count), nil)
                        sqlite3_bind_int64(s, 13, Int64(event.data.count))
                        sqlite3_bind_blob(s, 15, hash.baseAddress, Int32(hash.count), nil)
                        sqlite3_bind_blob(s, 16, chain.baseAddress, Int32(chain.count), nil)
                        let code = sqlite3_step(s)
                        let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(sqlite3_db_handle(s)))
                        sqlite3_reset(s)
                        sqlite3_clear_bindings(s)
                        return (code, message)
                    }
                }
            }
        }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: StoreSchema.insertEvent)
        }
    }

    private mutating func gather(_ field: String) {
        text.append(contentsOf: field.utf8)
        ends.append(text.count)
    }
}
