import Foundation
import GRDB
import GRDBSQLite

/// The fields of an exported entry that a restore must reproduce exactly.
struct RestoredFields: Sendable {
    var position: Int64
    var version: Int64
    var recorded: String
    var schema: Int64
    var hash: String
    var chain: String
}

extension EventLog {
    // MARK: - Appending

    /// Appends one event in its own durable transaction and returns where it landed.
    @discardableResult
    public func append(_ event: NewEvent) throws -> AppendResult {
        let prepared = try PreparedEvent.prepare(event, catalog: catalog)
        return try insert([prepared], restored: nil, label: { _ in nil })[0]
    }

    /// Appends events atomically, all or none, in one transaction. An error names the
    /// failing event through `label` (e.g. "line 12").
    public func append(batch events: [NewEvent], label: @escaping @Sendable (Int) -> String? = { "event \($0 + 1)" }) throws -> [AppendResult] {
        let prepared = try Self.prepareInParallel(events.count, label: label) { i in
            try PreparedEvent.prepare(events[i], catalog: self.catalog)
        }
        return try insert(prepared, restored: nil, label: label)
    }

    /// Prepares `count` items on every core; on failure throws the error of the lowest index.
    static func prepareInParallel<T: Sendable>(
        _ count: Int, label: @Sendable (Int) -> String?, _ body: @Sendable (Int) throws -> T
    ) throws -> [T] {
        let workers = count < 256 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        let results = UnsafeMutableBufferPointer<Result<T, any Error>?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let chunk = (count + workers - 1) / max(workers, 1)
        nonisolated(unsafe) let shared = results
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let start = w * chunk
            let end = min(count, start + chunk)
            if start >= end { return }
            for i in start..<end {
                do { shared[i] = .success(try body(i)) } catch {
                    shared[i] = .failure(error)
                    return
                }
            }
        }
        var out: [T] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            switch results[i]! {
            case .success(let value): out.append(value)
            case .failure(let error): throw labelled(error, label(i))
            }
        }
        return out
    }

    static func labelled(_ error: any Error, _ label: String?) -> any Error {
        guard let label else { return error }
        if let acta = error as? ActaError { return ActaError(acta.kind, "\(label): \(acta.message)") }
        return ActaError(.invalidInput, "\(label): \(error)")
    }

    /// Writes prepared events in one `BEGIN IMMEDIATE` transaction.
    func insert(
        _ events: [PreparedEvent], restored: [RestoredFields?]?, label: (Int) -> String?, progress: ((Int) -> Void)? = nil
    ) throws -> [AppendResult] {
        if readOnly { throw ActaError(.io, "\(path) is open read-only; nothing was written") }
        return try Self.translatingErrors(path) {
            try database.writeWithoutTransaction { db in
                var results: [AppendResult] = []
                try db.inTransaction(.immediate) {
                    results = try insertLocked(db, events, restored: restored, label: label, progress: progress)
                    return .commit
                }
                return results
            }
        }
    }

    private func insertLocked(
        _ db: Database, _ events: [PreparedEvent], restored: [RestoredFields?]?, label: (Int) -> String?,
        progress: ((Int) -> Void)?
    ) throws -> [AppendResult] {
        var (lastPosition, lastChain) = try Self.head(db)
        var versions: [String: Int64] = [:]
        var batchIDs: [String: Int] = [:]
        var results: [AppendResult] = []
        results.reserveCapacity(events.count)
        let insert = try db.cachedStatement(sql: StoreSchema.insertEvent)
        let findID = try db.cachedStatement(sql: "SELECT position, type, stream, occurred, meta, data_hash, version FROM events WHERE id = ?")
        let streamVersion = try db.cachedStatement(sql: "SELECT max(version) FROM events WHERE stream = ?")

        for (i, event) in events.enumerated() {
            if let progress, i % 4096 == 0 { progress(i) }
            do {
                let restore = restored?[i] ?? nil
                if let id = event.id {
                    if let earlier = batchIDs[id] {
                        let original = events[earlier]
                        guard Self.sameContent(event, type: original.type, stream: original.stream, occurred: original.occurred, meta: original.meta, dataHash: original.dataHash) else {
                            throw ActaError(.conflict, "id \(id) is already used by \(label(earlier) ?? "an earlier event") with different content")
                        }
                        results.append(AppendResult(position: results[earlier].position, id: id, stream: event.stream, version: results[earlier].version, duplicate: true))
                        continue
                    }
                    if let row = try Row.fetchOne(findID, arguments: [id]) {
                        let position: Int64 = row[0]
                        guard Self.sameContent(event, type: row[1], stream: row[2], occurred: row[3], meta: row[4], dataHash: row[5]) else {
                            throw ActaError(.conflict, "id \(id) is already used at position \(position) with different content; use a new id")
                        }
                        if restore != nil {
                            throw ActaError(.conflict, "id \(id) is already in this store at position \(position); restore an export into a new store")
                        }
                        results.append(AppendResult(position: position, id: id, stream: event.stream, version: row[6], duplicate: true))
                        continue
                    }
                }
                let current: Int64
                if let v = versions[event.stream] {
                    current = v
                } else {
                    current = try Int64.fetchOne(streamVersion, arguments: [event.stream]) ?? 0
                }
                if let expected = event.expectedVersion, expected.number != current {
                    throw ActaError(
                        .conflict,
                        "stream \(event.stream) is at version \(current), not \(expected) as expected; nothing was written (re-read the stream and retry)")
                }
                let position = lastPosition + 1
                let version = current + 1
                let id = event.id ?? EventID.make()
                let recorded = restore?.recorded ?? Timestamp.now()
                let schema = restore?.schema ?? event.schema
                if let restore {
                    guard restore.position == position else {
                        throw ActaError(.conflict, "exported position \(restore.position) does not follow this store's head \(lastPosition); restore an export into a new store, from its first entry")
                    }
                    guard restore.version == version else {
                        throw ActaError(.conflict, "exported version \(restore.version) of stream \(event.stream) does not follow this store's version \(current)")
                    }
                }
                let canonical = Entry.canonicalEntry(
                    position: position, id: id, stream: event.stream, version: version, type: event.type, schema: schema,
                    occurred: event.occurred, recorded: recorded, actor: event.actor, meta: event.meta, dataHash: event.dataHash)
                let hash = Entry.leafHash(canonical)
                let chain = Entry.chainHash(previous: lastChain, leaf: hash)
                if let restore {
                    guard Hex.encode(hash) == restore.hash.lowercased() else {
                        throw ActaError(.integrity, "entry hash does not match: exported \(restore.hash), recomputed \(Hex.encode(hash)) (the export was altered)")
                    }
                    guard Hex.encode(chain) == restore.chain.lowercased() else {
                        throw ActaError(.integrity, "chain hash does not match: exported \(restore.chain), recomputed \(Hex.encode(chain))")
                    }
                }
                try Self.bindAndStep(
                    insert, position: position, id: id, event: event, version: version, schema: schema, recorded: recorded,
                    hash: hash, chain: chain)
                lastPosition = position
                lastChain = chain
                versions[event.stream] = version
                if event.id != nil { batchIDs[id] = i }
                results.append(AppendResult(position: position, id: id, stream: event.stream, version: version, duplicate: false))
            } catch {
                throw Self.labelled(Self.translate(error, path: path), label(i))
            }
        }
        return results
    }

    private static func sameContent(_ e: PreparedEvent, type: String, stream: String, occurred: String, meta: String, dataHash: String) -> Bool {
        e.type == type && e.stream == stream && e.occurred == occurred && e.meta == meta && e.dataHash == dataHash
    }

    private static func bindAndStep(
        _ statement: Statement, position: Int64, id: String, event: PreparedEvent, version: Int64, schema: Int64,
        recorded: String, hash: [UInt8], chain: [UInt8]
    ) throws {
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        sqlite3_bind_int64(s, 1, position)
        sqlite3_bind_text(s, 2, id, -1, sqliteTransient)
        sqlite3_bind_text(s, 3, event.stream, -1, sqliteTransient)
        sqlite3_bind_int64(s, 4, version)
        sqlite3_bind_text(s, 5, event.type, -1, sqliteTransient)
        sqlite3_bind_int64(s, 6, schema)
        sqlite3_bind_text(s, 7, event.occurred, -1, sqliteTransient)
        sqlite3_bind_text(s, 8, recorded, -1, sqliteTransient)
        sqlite3_bind_text(s, 9, event.actor, -1, sqliteTransient)
        sqlite3_bind_text(s, 10, event.meta, -1, sqliteTransient)
        sqlite3_bind_int64(s, 11, 1)
        event.payload.withUnsafeBytes { _ = sqlite3_bind_blob(s, 12, $0.baseAddress, Int32($0.count), sqliteTransient) }
        sqlite3_bind_int64(s, 13, Int64(event.data.count))
        sqlite3_bind_text(s, 14, event.dataHash, -1, sqliteTransient)
        hash.withUnsafeBytes { _ = sqlite3_bind_blob(s, 15, $0.baseAddress, Int32($0.count), sqliteTransient) }
        chain.withUnsafeBytes { _ = sqlite3_bind_blob(s, 16, $0.baseAddress, Int32($0.count), sqliteTransient) }
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(s)))
            sqlite3_reset(s)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: StoreSchema.insertEvent)
        }
    }

    /// The last position and chain hash, or 0 and the genesis chain for an empty log.
    static func head(_ db: Database) throws -> (Int64, [UInt8]) {
        if let row = try Row.fetchOne(db, sql: "SELECT position, chain FROM events ORDER BY position DESC LIMIT 1") {
            let chain: Data = row[1]
            return (row[0], [UInt8](chain))
        }
        return (0, Entry.genesisChain)
    }
}
