import ActaEvents
import ActaLog
import ActaProjections
import Foundation

/// `acta-bench decode`: the decoding threads' share of a rebuild, on one thread: typed
/// decoding of each event (parse, check, the event's struct) and the records the mapping
/// projections make of it. The events are read and decompressed first, outside the timing;
/// the figure is thread CPU time, which other processes on a shared machine disturb less
/// than wall time.
enum DecodeBench {
    static func run(events: Int, rounds: Int, dir: URL) throws {
        let path = dir.appendingPathComponent("rebuild-1000000.sqlite").path
        try Corpus.makeLog(at: path, events: 1_000_000)
        let log = try EventLog.open(at: path, catalog: OCPSCatalog(), readOnly: true)
        var filter = EventFilter()
        filter.toPosition = Int64(events)
        let entries = try log.entries(filter)
        try log.close()
        let domain = OCPSProjections()
        let mappers = domain.projections.compactMap { $0 as? any MappingProjection }
        note("decoding \(entries.count) events, \(rounds) rounds…")
        var decodeTimes: [Double] = []
        var recordTimes: [Double] = []
        var bytes = 0
        for _ in 0..<rounds {
            var decoded: [ProjectedEvent] = []
            decoded.reserveCapacity(entries.count)
            let t0 = threadCPUSeconds()
            for entry in entries { decoded.append(ProjectedEvent(entry: entry, value: try domain.decode(entry))) }
            let t1 = threadCPUSeconds()
            bytes = 0
            for event in decoded {
                for m in mappers where m.wants(event.entry.type) {
                    for record in try m.records(for: event) { bytes += record.json.count + record.key.utf8.count }
                }
            }
            let t2 = threadCPUSeconds()
            decodeTimes.append(t1 - t0)
            recordTimes.append(t2 - t1)
        }
        let n = Double(entries.count)
        func us(_ seconds: Double) -> JSONValue { .number((seconds / n * 1e9).rounded() / 1000) }
        let result: JSONValue = [
            "events": .number(n),
            "rounds": .number(Double(rounds)),
            "decode_us_per_event_median": us(median(decodeTimes)),
            "mapped_records_us_per_event_median": us(median(recordTimes)),
            "decode_and_records_eps_per_core": .number((n / (median(decodeTimes) + median(recordTimes))).rounded()),
            "record_bytes": .number(Double(bytes)),
        ]
        print(result.prettyString())
    }

    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
