import Foundation
import GRDB
import GRDBSQLite

/// What `verify` found.
public struct VerifyReport: Sendable {
    public var count: Int64
    public var headChain: [UInt8]
    /// The first problem in position order, or nil when the log is intact.
    public var failure: VerifyFailure?
    public var isIntact: Bool { failure == nil }
}

public struct VerifyFailure: Sendable, CustomStringConvertible {
    /// The first bad position (nil for a problem of the store, such as missing triggers).
    public var position: Int64?
    public var reason: String
    public var description: String {
        if let position { return "position \(position): \(reason)" }
        return reason
    }
}

extension EventLog {
    // MARK: - Verification

    /// Recomputes every payload's data hash, every leaf hash and every chain hash, checks
    /// that positions run gapless from 1 and that each stream's versions run gapless from 1.
    /// Hashing runs on every core; the chain is checked in order.
    public func verify(progress: ((Int64, Int64) -> Void)? = nil) throws -> VerifyReport {
        let batchSize = 8192
        return try read { db in
            let total = try Int64.fetchOne(db, sql: "SELECT count(*) FROM events") ?? 0
            let dictionaries = try Dictionaries.load(db)
            let statement = try db.makeStatement(sql: "SELECT \(StoreSchema.columns) FROM events ORDER BY position")
            let s = statement.sqliteStatement
            defer { sqlite3_reset(s) }
            var expectedPosition: Int64 = 1
            var previousChain = Entry.genesisChain
            var versions: [String: Int64] = [:]
            let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
            var done = false
            func readBatch() throws -> [StoredRow] {
                var rows: [StoredRow] = []
                rows.reserveCapacity(batchSize)
                while rows.count < batchSize {
                    let code = sqlite3_step(s)
                    if code == SQLITE_DONE { done = true; break }
                    guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
                    rows.append(StoredRow(s))
                }
                return rows
            }
            // Hash one batch on the workers while this thread reads the next one.
            var rows = try readBatch()
            while !rows.isEmpty {
                let batch = rows
                let chainBefore = previousChain
                nonisolated(unsafe) var problems: [String?] = []
                let group = DispatchGroup()
                DispatchQueue.global().async(group: group) {
                    problems = Self.checkRows(batch, previousChain: chainBefore, dictionaries: dictionaries, workers: workers)
                }
                rows = done ? [] : try readBatch()
                group.wait()
                for (i, row) in batch.enumerated() {
                    let failure: String?
                    if row.position != expectedPosition {
                        failure = row.position > expectedPosition
                            ? "gap: position \(expectedPosition) is missing (next stored is \(row.position))"
                            : "out of order: found \(row.position) where \(expectedPosition) was expected"
                    } else if let problem = problems[i] {
                        failure = problem
                    } else if row.version != (versions[row.stream] ?? 0) + 1 {
                        failure = "stream \(row.stream) version \(row.version) does not follow version \(versions[row.stream] ?? 0)"
                    } else {
                        failure = nil
                    }
                    if let failure {
                        return VerifyReport(count: expectedPosition - 1, headChain: previousChain, failure: VerifyFailure(position: expectedPosition, reason: failure))
                    }
                    versions[row.stream] = row.version
                    previousChain = row.chain
                    expectedPosition += 1
                }
                progress?(expectedPosition - 1, total)
            }
            let count = expectedPosition - 1
            let triggers = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'")
            let missing = StoreSchema.triggerNames.filter { !triggers.contains($0) }
            if !missing.isEmpty {
                return VerifyReport(count: count, headChain: previousChain, failure: VerifyFailure(position: nil, reason: "append-only triggers missing: \(missing.joined(separator: ", ")) (someone dropped them)"))
            }
            return VerifyReport(count: count, headChain: previousChain, failure: nil)
        }
    }

    /// Per row: nil when its payload, data hash, leaf hash and chain hash check out, else
    /// what is wrong. Each chain is checked against the stored chain before it: when every
    /// row passes, the whole chain from `previousChain` is proven, so batches check in parallel.
    static func checkRows(_ rows: [StoredRow], previousChain: [UInt8], dictionaries: Dictionaries, workers: Int) -> [String?] {
        var problems = [String?](repeating: nil, count: rows.count)
        let chunk = (rows.count + workers - 1) / workers
        problems.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let decompressor = LZ4Frame.Decompressor()
                let start = w * chunk
                let end = min(rows.count, start + chunk)
                guard start < end else { return }
                for i in start..<end {
                    out[i] = check(rows[i], decompressor, dictionaries)
                    if out[i] == nil {
                        let chain = Entry.chainHash(previous: i == 0 ? previousChain : rows[i - 1].chain, leaf: rows[i].hash)
                        if chain != rows[i].chain {
                            out[i] = "chain hash mismatch (stored \(Hex.encode(rows[i].chain).prefix(16))…, computed \(Hex.encode(chain).prefix(16))…)"
                        }
                    }
                }
            }
        }
        return problems
    }

    static func check(_ row: StoredRow, _ decompressor: LZ4Frame.Decompressor, _ dictionaries: Dictionaries) -> String? {
        let data: [UInt8]
        do { data = try row.decodeData(decompressor, dictionaries) } catch {
            return (error as? ActaError).map { String($0.message.drop(while: { $0 != ":" }).dropFirst(2)) } ?? "\(error)"
        }
        let digest = Digest.sha256(data)
        if !Hex.matches(digest, row.dataHash) {
            return "data_hash mismatch: the payload's data hashes to \(Hex.encode(digest).prefix(16))…, stored \(row.dataHash.prefix(16))…"
        }
        let leaf = Entry.leafHash(row.canonicalEntry())
        if leaf != row.hash {
            return "leaf hash mismatch (stored \(Hex.encode(row.hash).prefix(16))…, computed \(Hex.encode(leaf).prefix(16))…): a column of this entry was changed"
        }
        return nil
    }
}
