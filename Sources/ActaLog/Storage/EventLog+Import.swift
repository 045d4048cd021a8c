import Foundation

/// One line of an import, prepared: a new event, or an exported entry with the fields its
/// restore must reproduce. A struct rather than a tuple: a field of an element read through
/// a buffer pointer is lent to the append in place, where a tuple element was copied (a
/// tenth of the appending thread's time).
struct ImportLine: Sendable {
    var event: PreparedEvent
    var restored: RestoredFields? = nil
}

/// What `import` did.
public struct ImportResult: Sendable {
    public var appended: Int
    public var duplicates: Int
    public var restored: Int
    public var firstPosition: Int64?
    public var lastPosition: Int64?
}

extension EventLog {
    // MARK: - Import

    static let importKeys: Set<String> = ["type", "stream", "data", "id", "occurred", "actor", "meta", "expect_version"]
    static let exportKeys: Set<String> = ["position", "version", "recorded", "schema", "data_hash", "hash", "chain"]
    static let importAndExportKeys = importKeys.union(exportKeys)

    /// Imports JSON Lines atomically: every line or none. A line holds `type, data` and
    /// optionally `stream` (the catalog's, when omitted), `id, occurred, actor, meta, expect_version`; a line of `acta export`
    /// (with `position, recorded, hash, chain, …`) is restored exactly, its hashes checked:
    /// into a store that was empty, or, with `restore`, continuing a store from its head.
    /// The error names the first bad line.
    public func importJSONLines(
        _ text: [UInt8],
        defaultActor: String,
        restore: Bool = false,
        progress: (@Sendable (String, Int, Int) -> Void)? = nil
    ) throws -> ImportResult {
        var lines: [(number: Int, range: Range<Int>)] = []
        try text.withUnsafeBufferPointer { text in
            var start = 0
            var number = 1
            while true {
                // The next newline, found by memchr, or the end of the text.
                var i = text.count
                if start < text.count, let hit = memchr(text.baseAddress! + start, 0x0A, text.count - start) {
                    i = UnsafeRawPointer(hit) - UnsafeRawPointer(text.baseAddress!)
                }
                var end = i
                if end > start, text[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                if end - start > Limits.maxLineBytes {
                    throw ActaError(.invalidInput, "longer than \(Limits.maxLineBytes) bytes", at: [.line(number)])
                }
                if text[start..<end].contains(where: { $0 != 0x20 && $0 != 0x09 }) { lines.append((number, start..<end)) }
                if i == text.count { break }
                start = i + 1
                number += 1
            }
        }
        if lines.isEmpty { throw ActaError(.invalidInput, "nothing to import: the input has no lines") }
        let numbers = lines.map(\.number)
        let ranges = lines.map(\.range)
        let label: @Sendable (Int) -> ActaError.Place? = { .line(numbers[$0]) }
        let catalog = self.catalog
        let dictionary = try dictionaryForAppend()
        let total = lines.count
        progress?("appending", 0, total)
        var appended = 0
        var duplicates = 0
        var restoredCount = 0
        var first: Int64? = nil
        var last: Int64? = nil
        try text.withUnsafeBufferPointer { buffer in
            // Unsafe: read-only, and the pipeline that reads it is cancelled and awaited before the buffer goes.
            nonisolated(unsafe) let bytes = buffer
            // Lines are parsed, checked and compressed on another thread, chunk by chunk,
            // while this one appends the chunk before: the two cores overlap. Small chunks
            // let appending start soon; sixteen of them ready absorb the producer's pauses.
            let pipeline = ChunkPipeline<ImportLine>(count: total, chunkSize: 512, lead: 16) { i in
                do {
                    return try Self.parseLine(Array(bytes[ranges[i]]), catalog: catalog, defaultActor: defaultActor, dictionary: dictionary)
                } catch {
                    throw Self.labelled(error, label(i))
                }
            }
            defer { pipeline.cancelAndWait() }
            try transaction { session in
                session.restoresIntoNonEmpty = restore
                // A third thread inserts the rows this one decides and hashes.
                session.insertInBackground()
                defer { session.stopInsertingInBackground() }
                for chunk in 0..<pipeline.chunkCount {
                    let items = try pipeline.take(chunk)
                    let base = chunk * pipeline.chunkSize
                    // Through a buffer pointer, each event is lent to the session, not copied.
                    try items.withUnsafeBufferPointer { items in
                        for offset in items.indices {
                            let result: AppendResult
                            do { result = try session.append(items[offset].event, restored: items[offset].restored) } catch {
                                let (index, cause) = AppendSession.failedAppend(error, otherwise: base + offset)
                                throw Self.labelled(Self.translate(cause, path: path), label(index))
                            }
                            if result.duplicate {
                                duplicates += 1
                            } else {
                                appended += 1
                                if items[offset].restored != nil { restoredCount += 1 }
                                if first == nil { first = result.position }
                                last = result.position
                            }
                        }
                    }
                    let count = items.count
                    pipeline.retire(chunk, consume items)
                    progress?("appending", min(total, base + count), total)
                }
                do { try session.flush() } catch {
                    let (index, cause) = AppendSession.failedAppend(error, otherwise: total - 1)
                    throw Self.labelled(Self.translate(cause, path: path), label(index))
                }
            }
        }
        return ImportResult(appended: appended, duplicates: duplicates, restored: restoredCount, firstPosition: first, lastPosition: last)
    }

    static func parseLine(
        _ line: [UInt8],
        catalog: any EventCatalog,
        defaultActor: String,
        dictionary: LZ4Dictionary?
    ) throws -> ImportLine {
        let value: JSONValue
        let dataRange: Range<Int>?
        do { (value, dataRange) = try JSONParser.parse(line, locating: "data") } catch { throw ActaError(.invalidInput, "\(error)") }
        // Data written canonically (by `acta export`, or any RFC 8785 writer) is hashed as it
        // stands, rather than encoded again from the parsed value.
        let canonicalData = dataRange.flatMap { range in
            line.withUnsafeBufferPointer { CanonicalJSON.isCanonical(UnsafeBufferPointer(rebasing: $0[range])) } ? Array(line[range]) : nil
        }
        guard case .object(let object) = value else {
            throw ActaError(.invalidInput, "expected a JSON object with type, data and perhaps stream, got \(value.kindName)")
        }
        let isExport = object["hash"] != nil || object["chain"] != nil
        let allowed = isExport ? importAndExportKeys : importKeys
        if !object.keys.allSatisfy(allowed.contains), let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ActaError(.invalidInput, "unknown key \"\(unknown.prefix(40))\" (allowed: \(importKeys.sorted().joined(separator: ", ")))")
        }
        func string(_ key: String, required: Bool) throws -> String? {
            guard let v = object[key] else {
                if required { throw ActaError(.invalidInput, "missing \"\(key)\"") }
                return nil
            }
            guard case .string(let s) = v else { throw ActaError(.invalidInput, "\"\(key)\" must be a string, not \(v.kindName)") }
            return s
        }
        func integer(_ key: String) throws -> Int64 {
            guard let n = object[key]?.intValue else { throw ActaError(.invalidInput, "\"\(key)\" must be an integer") }
            return Int64(n)
        }
        var meta: [String: JSONValue] = [:]
        if let m = object["meta"] {
            guard case .object(let o) = m else { throw ActaError(.invalidInput, "\"meta\" must be an object, not \(m.kindName)") }
            meta = o
        }
        var expected: ExpectedVersion? = nil
        if let e = object["expect_version"] {
            switch e {
            case .string(let s): expected = ExpectedVersion(s)
            case .number: expected = e.intValue.flatMap { ExpectedVersion(String($0)) }
            default: break
            }
            if expected == nil { throw ActaError(.invalidInput, "\"expect_version\" must be \"new\" or a non-negative integer") }
        }
        guard let data = object["data"] else { throw ActaError(.invalidInput, "missing \"data\"") }
        let event = NewEvent(
            type: try string("type", required: true)!,
            stream: try string("stream", required: isExport),
            data: data,
            id: try string("id", required: isExport),
            occurred: try string("occurred", required: isExport),
            actor: try string("actor", required: isExport) ?? defaultActor,
            meta: meta,
            expectedVersion: expected
        )
        guard isExport else {
            return ImportLine(event: try PreparedEvent.prepare(event, catalog: catalog, dictionary: dictionary, canonicalData: canonicalData))
        }
        // A restored entry was valid when it was written, perhaps under an older schema:
        // its hashes, checked on insert, are what vouch for it.
        let unchecked = try PreparedEvent.prepare(
            event,
            catalog: OpenCatalog(),
            dictionary: dictionary,
            checksMeta: false,
            canonicalData: canonicalData
        )
        let restored = RestoredFields(
            position: try integer("position"),
            version: try integer("version"),
            recorded: try string("recorded", required: true)!,
            schema: try integer("schema"),
            hash: try string("hash", required: true)!,
            chain: try string("chain", required: true)!
        )
        let prepared = unchecked.restored(
            schema: restored.schema,
            value: catalog.rules?.decode(type: unchecked.type, schema: restored.schema, data: unchecked.data)
        )
        if let dataHash = try string("data_hash", required: false), dataHash != prepared.dataHash {
            throw ActaError(
                .integrity,
                "data_hash \(dataHash.prefix(16))… does not match the data (\(prepared.dataHash.prefix(16))…): the export was altered"
            )
        }
        return ImportLine(event: prepared, restored: restored)
    }
}
