import Foundation
import GRDB

/// The SQLite engine behind the storage seam.
extension EventLog: RegisterStore {
    public var location: String { path }

    public func dictionaryRows() throws -> [DictionaryRow] {
        try read { db in
            guard try db.storeHas(.dictionaries) else { return [] }
            return try Row.fetchAll(db, sql: "SELECT id, sha256, bytes, created, origin FROM dictionaries ORDER BY rowid").map {
                DictionaryRow(id: $0[0], sha256: $0[1], bytes: [UInt8]($0[2] as Data), created: $0[3], origin: $0[4])
            }
        }
    }
}

extension EventLog {
    public func insertCopied(dictionaries: [DictionaryRow], checkpoints: [StoredCheckpoint]) throws {
        try writeTransaction { db in
            for d in dictionaries {
                try db.execute(
                    sql: "INSERT INTO dictionaries (id, sha256, bytes, created, origin) VALUES (?, ?, ?, ?, ?)",
                    arguments: [d.id, d.sha256, Data(d.bytes), d.created, d.origin]
                )
            }
            let head = try Self.head(db).0
            for c in checkpoints {
                guard c.size <= head else {
                    throw ActaError(.invalidInput, "checkpoint \(c.id) is of tree size \(c.size), beyond the log's head \(head)")
                }
                try db.execute(
                    sql: "INSERT INTO checkpoints (id, size, root, origin, note, created) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [c.id, c.size, Data(c.root), c.origin, c.note, c.created]
                )
            }
        }
    }
}

extension EventLog {
    /// SQLite tells no other process of a commit: the reader polls the head.
    public func watchHead(_ changed: @escaping @Sendable () -> Void) throws -> HeadChanges {
        HeadChanges(method: "polling the head every 200 ms")
    }
}
