// acta-bench: figures for the log on the synthetic OCPS-like corpus, each beside the limit
// SQLite itself reaches in the same run on the same disk. Run in release mode:
//
//     swift run -c release acta-bench [--events 100000] [--appends 500] [--rounds 5] [--dir bench-out]
//     swift run -c release acta-bench rebuild [--events 1000000] [--dir bench-out]
//     swift run -c release acta-bench decode [--events 200000] [--rounds 5] [--dir bench-out]
//     swift run -c release acta-bench proofs [--events 1000000] [--appends 500] [--rounds 5] [--dir bench-out]
//     swift run -c release acta-bench postgres --url postgres://postgres@/postgres?host=/tmp/acta-pg [--events 100000] [--appends 500] [--rounds 5]
//
// Prints one JSON object.
import ActaEvents
import ActaLog
import Foundation

struct Options {
    var events = 100_000
    var appends = 500
    var rounds = 5
    var dir = "bench-out"
    var url: String?

    init(_ arguments: [String]) {
        var i = 1
        while i < arguments.count {
            let value = i + 1 < arguments.count ? arguments[i + 1] : ""
            switch arguments[i] {
            case "--events": events = Int(value) ?? events
            case "--appends": appends = Int(value) ?? appends
            case "--rounds": rounds = Int(value) ?? rounds
            case "--dir": dir = value
            case "--url": url = value
            default:
                FileHandle.standardError.write(Data("usage: acta-bench [--events N] [--appends N] [--rounds N] [--dir DIR]\n".utf8))
                exit(64)
            }
            i += 2
        }
    }
}

func note(_ text: String) { FileHandle.standardError.write(Data("\(text)\n".utf8)) }

func fresh(_ dir: URL, _ name: String) -> String {
    let path = dir.appendingPathComponent(name).path
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    return path
}

func fileSize(_ path: String) -> Int64 {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
}

func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let started = Date()
    let value = try body()
    return (value, Date().timeIntervalSince(started))
}

if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "rebuild-child" {
    try RebuildBench.child(path: CommandLine.arguments[2])
    exit(0)
}
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "rebuild" {
    let options = Options(Array(CommandLine.arguments.dropFirst()))
    let dir = URL(fileURLWithPath: options.dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try RebuildBench.run(events: options.events, dir: dir)
    exit(0)
}

if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "decode" {
    var options = Options(Array(CommandLine.arguments.dropFirst()))
    if !CommandLine.arguments.contains("--events") { options.events = 200_000 }
    let dir = URL(fileURLWithPath: options.dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try DecodeBench.run(events: options.events, rounds: options.rounds, dir: dir)
    exit(0)
}

if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "proofs" {
    var options = Options(Array(CommandLine.arguments.dropFirst()))
    if !CommandLine.arguments.contains("--events") { options.events = 1_000_000 }
    let dir = URL(fileURLWithPath: options.dir)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try ProofsBench.run(options: options, dir: dir)
    exit(0)
}

if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "postgres" {
    let options = Options(Array(CommandLine.arguments.dropFirst()))
    guard let url = options.url else {
        note("usage: acta-bench postgres --url postgres://USER@HOST/DATABASE [--events N] [--appends N] [--rounds N]")
        exit(64)
    }
    try PostgresBench.run(url: try PostgresURL(url), options: options)
    exit(0)
}

let options = Options(CommandLine.arguments)
let dir = URL(fileURLWithPath: options.dir)
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
let catalog = OCPSCatalog()

note("generating \(options.events) events…")
let corpus = Corpus.jsonLines(count: options.events)

note("import…")
let importPath = fresh(dir, "import.sqlite")
let store = try EventLog.create(at: importPath, catalog: catalog)
let (imported, importSeconds) = try timed { try store.importJSONLines(corpus, defaultActor: "bench") }
precondition(imported.appended == options.events)

note("SQLite's own copy of the same rows…")
let copyPath = fresh(dir, "copy.sqlite")
try EventLog.create(at: copyPath, catalog: catalog).close()
let copyRate = try RawSQLite.copyRate(from: importPath, into: copyPath)

note("verify…")
let (report, verifySeconds) = try timed { try store.verify() }
precondition(report.isIntact && report.count == Int64(options.events))

try store.checkpointWriteAheadLog()
let stats = try store.stats()
let onDisk = fileSize(importPath) + fileSize(importPath + "-wal")
try store.close()

// Durable single appends, against raw SQLite doing the same transactions on the same disk.
// Rounds alternate between the two so that disk noise falls on both; medians are reported.
note("durable single appends against raw SQLite, \(options.rounds) rounds of \(options.appends)…")
let lines = String(decoding: Corpus.jsonLines(count: options.appends * options.rounds, seed: 11), as: UTF8.self).split(separator: "\n")
let events: [NewEvent] = try lines.map { line in
    let o = try JSONParser.parse(String(line)).objectValue!
    return NewEvent(type: o["type"]!.stringValue!, stream: o["stream"]!.stringValue!, data: o["data"]!, actor: "bench")
}
let appendPath = fresh(dir, "append.sqlite")
let appendLog = try EventLog.create(at: appendPath, catalog: catalog)
let rawPath = fresh(dir, "raw.sqlite")
try EventLog.create(at: rawPath, catalog: catalog).close()
var appendRates: [Double] = []
var rawRates: [Double] = []
for round in 0..<options.rounds {
    rawRates.append(try RawSQLite.singleInsertRate(path: rawPath, count: options.appends, startingAt: round * options.appends + 1))
    let slice = events[(round * options.appends)..<((round + 1) * options.appends)]
    let (_, seconds) = try timed { for e in slice { try appendLog.append(e) } }
    appendRates.append(Double(options.appends) / seconds)
}
try appendLog.close()
func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}
let appendRate = median(appendRates)
let rawRate = median(rawRates)

let importRate = Double(options.events) / importSeconds
let verifyRate = Double(options.events) / verifySeconds
func r(_ x: Double, _ places: Int = 0) -> JSONValue {
    let scale = pow(10, Double(places))
    return .number((x * scale).rounded() / scale)
}
let result: JSONValue = [
    "events": .number(Double(options.events)),
    "cores": .number(Double(ProcessInfo.processInfo.activeProcessorCount)),
    "import_eps": r(importRate),
    "sqlite_copy_rows_per_s": r(copyRate),
    "import_vs_sqlite_copy": r(importRate / copyRate, 3),
    "single_append_per_s": r(appendRate),
    "raw_sqlite_single_tx_per_s": r(rawRate),
    "single_append_vs_raw_sqlite": r(appendRate / rawRate, 3),
    "verify_eps": r(verifyRate),
    "raw_data_bytes_per_event": r(Double(stats.rawBytes) / Double(stats.events), 1),
    "stored_payload_bytes_per_event": r(Double(stats.storedBytes) / Double(stats.events), 1),
    "payload_ratio": r(Double(stats.storedBytes) / Double(stats.rawBytes), 3),
    "file_bytes_per_event": r(Double(onDisk) / Double(options.events), 1),
]
print(result.prettyString())
