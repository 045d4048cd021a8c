import Foundation
import Synchronization

/// The replay's work that needs no order: decompressing and decoding a batch of rows (with
/// the corrections recorded for them; a retracted row is skipped unread) on every core, and
/// making the records of the mapping projections. The runner folds the results in log order.
struct ReplayDecoder: Sendable {
    let domain: any ProjectionDomain
    let dictionaries: Dictionaries
    /// The corrections and retractions of the replayed events.
    let amendments: Amendments
    /// The mapping projections among the replayed ones, by their index there.
    let mappers: [(index: Int, projection: any MappingProjection)]
    /// The other replayed projections, whose folds read the decoded events.
    let folders: [(index: Int, projection: any Projection)]
    /// Per replayed projection, the last position it has already applied.
    let starts: [Int64]
    /// Whether every event is decoded, or only those a replayed projection wants. A replay
    /// of every view decodes every event, so that one the catalog no longer reads is found
    /// even when no view wants its type; a replay of some views (one rebuilt on request, or
    /// after its version changed) skips the others' events unread.
    let decodesEvery: Bool

    init(
        domain: any ProjectionDomain,
        dictionaries: Dictionaries,
        amendments: Amendments,
        projections: [any Projection],
        starts: [Int64]
    ) {
        self.domain = domain
        self.dictionaries = dictionaries
        self.amendments = amendments
        self.starts = starts
        decodesEvery = projections.count == domain.projections.count
        mappers = projections.indices.compactMap { i in (projections[i] as? any MappingProjection).map { (i, $0) } }
        folders = projections.indices.filter { !(projections[$0] is any MappingProjection) }.map { ($0, projections[$0]) }
    }

    /// An event decoded on a worker, with the records its mapping projections made of it.
    struct Decoded: Sendable {
        var position: Int64
        var type: String
        /// The event, for the folds that want it; nil when only mapping projections do (the
        /// decoded value is then freed on the worker).
        var event: ProjectedEvent?
        var mapped: [Mapped]
        /// Retracted: no view folds it.
        var retracted = false
    }

    /// The records one mapping projection (by its index among the replayed ones) made of an
    /// event. A struct rather than a tuple: arrays of tuples copy and free through the
    /// runtime's generic witnesses, a measurable cost at a million events.
    struct Mapped: Sendable {
        var projection: Int
        var records: [MappedRecord]
    }

    /// Starts decoding `batch` in the background; the function returned waits for the result.
    func start(_ batch: StoredRowBatch) -> () throws -> [Decoded] {
        let group = DispatchGroup()
        // Unsafe: written once by the background task, read only after group.wait().
        nonisolated(unsafe) var result: Result<[Decoded], any Error> = .success([])
        DispatchQueue.global().async(group: group) {
            result = Result {
                try EventLog.prepareInParallel(
                    batch.count,
                    label: { _ in nil },
                    context: { workers.free.withLock { $0.popLast() } ?? Worker() },
                    finish: { w in workers.free.withLock { $0.append(w) } }
                ) {
                    worker,
                    i in try decode(batch, i, worker)
                }
            }
        }
        return {
            group.wait()
            return try result.get()
        }
    }

    /// What a decoding thread keeps from event to event, and from batch to batch through
    /// ``workers``: its decompressor (with its scratch buffer and dictionary) and the route
    /// of the last type it saw (runs of one type are common).
    /// Unchecked: a worker is used by one thread at a time, taken from ``Workers`` and given back.
    final class Worker: @unchecked Sendable {
        let decompressor = LZ4Frame.Decompressor()
        var type = ""
        var route = Route(mappers: [], folders: [])
    }

    /// The workers between batches; one per thread at a time. (A class: the decoder is a
    /// value, copied into each batch's closure, and a `Mutex` cannot be copied.)
    final class Workers: Sendable {
        let free = Mutex<[Worker]>([])
    }

    private let workers = Workers()

    /// Which of the replayed projections want a type: the mappers and folders, by their
    /// index in ``mappers`` and ``folders``.
    struct Route {
        var mappers: [Int]
        var folders: [Int]
    }

    private func route(_ type: String) -> Route {
        Route(
            mappers: mappers.indices.filter { mappers[$0].projection.wants(type) },
            folders: folders.indices.filter { folders[$0].projection.wants(type) }
        )
    }

    private func decode(_ batch: StoredRowBatch, _ i: Int, _ worker: Worker) throws -> Decoded {
        let position = batch.position(i)
        let type = batch.type(i)
        if !amendments.retracted.isEmpty, amendments.retracted[position] != nil {
            return Decoded(position: position, type: type, event: nil, mapped: [], retracted: true)
        }
        if type != worker.type {
            worker.type = type
            worker.route = route(type)
        }
        if !decodesEvery, !worker.route.mappers.contains(where: { position > starts[mappers[$0].index] }),
            !worker.route.folders.contains(where: { position > starts[folders[$0].index] })
        {
            return Decoded(position: position, type: type, event: nil, mapped: [])
        }
        let event: ProjectedEvent
        do { event = try project(try batch.entry(i, worker.decompressor, dictionaries, type: type)) } catch {
            // Named once (`at` does not repeat it): the catalog and the payload's checks may have named it already.
            throw EventLog.labelled(error, .position(position))
        }
        var mapped: [Mapped] = []
        for r in worker.route.mappers where position > starts[mappers[r].index] {
            let m = mappers[r]
            do { mapped.append(Mapped(projection: m.index, records: try m.projection.records(for: event))) } catch {
                throw EventLog.labelled(EventLog.labelled(error, .position(position)), .view(m.projection.name))
            }
        }
        let folded = worker.route.folders.contains { position > starts[folders[$0].index] }
        return Decoded(position: position, type: type, event: folded ? event : nil, mapped: mapped)
    }

    private func project(_ entry: Entry) throws -> ProjectedEvent {
        try Self.project(entry, domain: domain, amendments: amendments)
    }

    /// The event as projections see it: decoded, with the corrections recorded for it applied.
    static func project(
        _ entry: Entry,
        domain: any ProjectionDomain,
        amendments: Amendments
    ) throws -> ProjectedEvent {
        var entry = entry
        guard !amendments.corrected.isEmpty, let correction = amendments.corrected[entry.position] else {
            let value = try domain.decode(entry)
            entry.data = []  // decoded: folds read the value, and the bytes are freed here rather than on the folding thread
            return ProjectedEvent(entry: entry, value: value)
        }
        guard case .object(var data) = try entry.dataValue() else {
            throw ActaError(.invalidInput, "the data is not an object")
        }
        data.merge(correction.changes) { _, new in new }
        entry.data = CanonicalJSON.encode(.object(data))
        do {
            let value = try domain.decode(entry)
            entry.data = []
            return ProjectedEvent(entry: entry, value: value, correctedBy: correction.by)
        } catch let error as ActaError {
            throw ActaError(error.kind, "the correction at position \(correction.by.last!) makes it invalid: \(error.reason)", at: error.context)
        }
    }
}
