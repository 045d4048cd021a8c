import ActaEvents
import ActaLog
import Foundation
import Testing

/// The storage seam's behaviour, the same on every engine (``Engine/available``).
@Suite struct StorageEngineTests {
    @Test(arguments: Engine.available)
    func appendsReadBackVerifyAndExport(_ engine: Engine) throws {
        let store = try EngineStore(engine)
        let log = store.log
        let first = try log.append(Sample.meeting(4))
        let second = try log.append(Sample.outcome(4, ordinal: 1))
        #expect(first.position == 1 && first.version == 1)
        #expect(second.position == 2 && second.version == 2)
        #expect(try log.version(of: "meeting/conference/4") == 2)
        #expect(try log.head().count == 2)
        let entries = try log.entries(EventFilter())
        #expect(entries.map(\.type) == ["MeetingHeld", "OutcomeAdopted"])
        #expect(entries[1].chain == (try log.head().chain))
        #expect(try log.verifyLog().isIntact)
        var lines: [UInt8] = []
        let count = try log.export(EventFilter()) { lines += $0 }
        #expect(count == 2)
        #expect(String(decoding: lines, as: UTF8.self).split(separator: "\n").count == 2)
    }

    @Test(arguments: Engine.available)
    func aRetriedIDIsAnsweredAndADifferentContentRefused(_ engine: Engine) throws {
        let store = try EngineStore(engine)
        var event = Sample.meeting(4)
        event.id = "6f1c2b1e-8f7a-4d1e-9a51-2f5d9b7c3e10"
        let first = try store.log.append(event)
        let again = try store.log.append(event)
        #expect(again.duplicate && again.position == first.position)
        var changed = Sample.meeting(5)
        changed.id = event.id
        #expect(throws: ActaError.self) { try store.log.append(changed) }
        #expect(try store.log.head().count == 1)
    }

    @Test(arguments: Engine.available)
    func aRefusedAppendWritesNothing(_ engine: Engine) throws {
        let store = try EngineStore(engine)
        try store.log.append(Sample.meeting(4))
        let before = try store.log.head()
        var wrongVersion = Sample.outcome(4, ordinal: 1)
        wrongVersion.expectedVersion = .exactly(5)
        let conflict = #expect(throws: ActaError.self) { try store.log.append(wrongVersion) }
        #expect(conflict?.kind == .conflict)
        #expect(conflict?.message.contains("is at version 1, not 5") == true)
        // The rules: the same meeting twice is refused, naming the position it repeats.
        let repeated = #expect(throws: ActaError.self) { try store.log.append(Sample.meeting(4)) }
        #expect(repeated?.message.contains("already recorded at position 1") == true)
        // A batch whose third event fails writes none of them.
        let batch = [Sample.meeting(6), Sample.outcome(6, ordinal: 1), Sample.meeting(4)]
        let failed = #expect(throws: ActaError.self) { try store.log.append(batch: batch, label: { .event($0 + 1) }) }
        #expect(failed?.context == [.event(3)])
        #expect(try store.log.head() == before)
        #expect(try store.log.verifyLog().isIntact)
    }

    @Test(arguments: Engine.available)
    func anImportIsAllOrNoneAndNamesTheBadLine(_ engine: Engine) throws {
        let store = try EngineStore(engine)
        let good = #"{"type":"MemberInvited","data":{"country":"GR","date":"2018-06-30"}}"#
        let bad = #"{"type":"MemberInvited","data":{"country":"XX-not","date":"2018-06-30"}}"#
        let error = #expect(throws: ActaError.self) {
            try store.log.importJSONLines(Array("\(good)\n\n\(bad)\n".utf8), defaultActor: "t", restore: false, progress: nil)
        }
        #expect(error?.context == [.line(3)])
        #expect(try store.log.head().count == 0)
        let result = try store.log.importJSONLines(Array("\(good)\n".utf8), defaultActor: "t", restore: false, progress: nil)
        #expect(result.appended == 1)
    }

    /// A long import of many streams (read ahead in one query on PostgreSQL, in batches of
    /// rows on both): the rules see each stream whole, the earlier lines of the import
    /// included, and a repeat 2,000 lines later is refused, naming its line; nothing is written.
    @Test(arguments: Engine.available)
    func aLongImportDecidesEveryStreamWhole(_ engine: Engine) throws {
        let store = try EngineStore(engine)
        func meeting(_ n: Int) -> String {
            #"{"type":"MeetingHeld","data":{"body":"conference","number":\#(n),"start":"2018-06-30","format":"in-person"}}"#
        }
        func outcome(_ n: Int, _ ordinal: Int) -> String {
            #"{"type":"OutcomeAdopted","data":{"body":"conference","meeting":\#(n),"ordinal":\#(ordinal),"kind":"decision","text":"Outcome \#(ordinal)."}}"#
        }
        var lines: [String] = []
        for n in 1...300 {
            lines.append(meeting(n))
            for ordinal in 1...9 { lines.append(outcome(n, ordinal)) }
        }
        // Meeting 103's first outcome again, 2,000 lines later.
        var refused = lines
        refused.append(outcome(103, 1))
        let error = #expect(throws: ActaError.self) {
            try store.log.importJSONLines(Array(refused.joined(separator: "\n").utf8), defaultActor: "t", restore: false, progress: nil)
        }
        #expect(error?.context == [.line(3001)])
        #expect(error?.message.contains("already recorded at position 1022") == true, "\(error?.message ?? "")")
        #expect(try store.log.head().count == 0)
        // A line that does not parse, chunks after the first (lines are prepared ahead).
        var broken = lines
        broken[2599] = #"{"type":"MeetingHeld""#
        let unparsed = #expect(throws: ActaError.self) {
            try store.log.importJSONLines(Array(broken.joined(separator: "\n").utf8), defaultActor: "t", restore: false, progress: nil)
        }
        #expect(unparsed?.context == [.line(2600)], "\(unparsed?.message ?? "")")
        #expect(try store.log.head().count == 0)
        let result = try store.log.importJSONLines(Array(lines.joined(separator: "\n").utf8), defaultActor: "t", restore: false, progress: nil)
        #expect(result.appended == 3000 && result.lastPosition == 3000)
        #expect(try store.log.version(of: "meeting/conference/103") == 10)
        // Into the store that holds them: streams it holds (read for the rules) and new ones.
        var more: [String] = []
        for n in 295...310 {
            if n > 300 { more.append(meeting(n)) }
            more.append(outcome(n, 10))
        }
        more.append(outcome(296, 3))  // already recorded at the first import
        let late = #expect(throws: ActaError.self) {
            try store.log.importJSONLines(Array(more.joined(separator: "\n").utf8), defaultActor: "t", restore: false, progress: nil)
        }
        #expect(late?.context == [.line(27)], "\(late?.message ?? "")")
        more.removeLast()
        #expect(
            try store.log.importJSONLines(Array(more.joined(separator: "\n").utf8), defaultActor: "t", restore: false, progress: nil).appended == 26
        )
        #expect(try store.log.version(of: "meeting/conference/300") == 11)
        #expect(try store.log.version(of: "meeting/conference/310") == 2)
        #expect(try store.log.verifyLog().isIntact)
    }

    /// The register's history copied SQLite → other engine → SQLite: the same head, tree
    /// root and exported bytes at each step, every hash checked on the way in.
    @Test(arguments: Engine.available)
    func aCopyRoundTripReproducesTheExport(_ engine: Engine) throws {
        let source = try EngineStore(.sqlite)
        _ = try source.log.importJSONLines(Array(try History.jsonLines()), defaultActor: "history", restore: false, progress: nil)
        var original: [UInt8] = []
        try source.log.export(EventFilter()) { original += $0 }
        let middle = try EngineStore(engine)
        let there = try RegisterCopy.copy(from: source.log, to: middle.log)
        let back = try EngineStore(.sqlite)
        let home = try RegisterCopy.copy(from: middle.log, to: back.log)
        var copied: [UInt8] = []
        try back.log.export(EventFilter()) { copied += $0 }
        #expect(copied == original)
        #expect(there.head == home.head && there.root == home.root)
        #expect(try back.log.treeHead(size: nil) == (try source.log.treeHead(size: nil)))
        #expect(home.events > 50)
        // The same proofs on every engine: inclusion at several sizes, consistency between them.
        for (position, size) in [(Int64(1), Int64(1)), (5, 17), (16, 64), (home.events, home.events)] {
            let here = try source.log.inclusionProof(position: position, size: size)
            let there = try middle.log.inclusionProof(position: position, size: size)
            #expect(there.path == here.path && there.root == here.root && there.isValid)
            #expect(CanonicalJSON.encode(there.bundle) == CanonicalJSON.encode(here.bundle))
        }
        let consistency = try middle.log.consistencyProof(from: 17, to: nil)
        #expect(consistency.isValid)
        #expect(consistency.path == (try source.log.consistencyProof(from: 17, to: nil)).path)
        #expect(throws: ActaError.self) { try middle.log.inclusionProof(position: home.events + 1, size: nil) }
        // A store that holds events is not a copy's destination.
        #expect(throws: ActaError.self) { try RegisterCopy.copy(from: source.log, to: middle.log) }
    }
}
