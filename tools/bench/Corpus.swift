import ActaEvents
import ActaLog
import Foundation

/// The synthetic OCPS-like corpus: meetings of ten events, one MeetingHeld and nine
/// OutcomeAdopted with about 200 characters of text, in JSON Lines as `acta import` reads.
enum Corpus {
    static let countries = ["RS", "MK", "IT", "HU", "GR", "AL", "BA", "ME", "HR", "SI", "AT", "DE", "BG", "RO"]
    static let cities = ["Skopje", "Rome", "Belgrade", "Vienna", "Sofia", "Budapest", "Tirana", "Sarajevo", "Podgorica", "Zagreb"]
    static let text =
        "The Conference adopted the principle of holding permanent conference meetings alternately in a non-EU country and in an EU Member State; the Secretariat shall contact the competent authorities."
    static let kinds = ["decision", "principle", "request", "invitation", "training"]

    /// `count` events, numbered from `first` (so a large corpus can be made in parts).
    static func jsonLines(count: Int, seed: UInt64 = 7, first: Int = 0) -> [UInt8] {
        var rng = SplitMix(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count * 330)
        for i in first..<(first + count) {
            let meeting = i / 10 + 1
            let stream = "meeting/conference/\(meeting)"
            let data: JSONValue
            let type: String
            if i % 10 == 0 {
                type = "MeetingHeld"
                let day = 1 + Int(rng.next() % 28)
                data = [
                    "body": "conference", "number": .number(Double(meeting)),
                    "start": .string("20\(10 + meeting % 15)-06-\(day < 10 ? "0" : "")\(day)"),
                    "city": .string(cities[Int(rng.next() % UInt64(cities.count))]),
                    "country": .string(countries[Int(rng.next() % UInt64(countries.count))]),
                    "format": "in-person",
                ]
            } else {
                type = "OutcomeAdopted"
                data = [
                    "body": "conference", "meeting": .number(Double(meeting)), "ordinal": .number(Double(i % 10)),
                    "kind": .string(kinds[Int(rng.next() % UInt64(kinds.count))]),
                    "text": .string("\(i % 10). \(text) Owner \(countries[Int(rng.next() % UInt64(countries.count))])."),
                ]
            }
            CanonicalJSON.write(["type": .string(type), "stream": .string(stream), "data": data], to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}

extension Corpus {
    /// Makes a store of `events` synthetic events at `path` (imported 100,000 at a time), unless
    /// one is there already. Returns the seconds it took, or nil when the store existed.
    @discardableResult
    static func makeLog(at path: String, events: Int) throws -> Double? {
        guard !FileManager.default.fileExists(atPath: path) else { return nil }
        note("making a log of \(events) events at \(path)…")
        let started = Date()
        let log = try EventLog.create(at: path, catalog: OCPSCatalog())
        var offset = 0
        while offset < events {
            let n = min(100_000, events - offset)
            try log.importJSONLines(jsonLines(count: n, seed: UInt64(offset) + 1, first: offset), defaultActor: "bench")
            offset += n
        }
        try log.close()
        return Date().timeIntervalSince(started)
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
