import ActaLog

/// `corrections`: the corrections and retractions of earlier events.
///
/// - a correction targets an event the register holds, which is neither a correction nor
///   retracted;
/// - it changes only fields the target's type has;
/// - the target, with every correction of it applied as the views apply them, stays valid
///   and stays on its stream (the fields a stream is named by are not corrected);
/// - a retraction targets an event the register holds, which is not a retraction and not
///   already retracted (a correction may be: its changes no longer apply).
///
/// Every stream folds its events as corrected and without the retracted ones
/// (``StreamRecord``); an accepted correction or retraction has its target's stream folded
/// again.
struct CorrectionRules: Aggregate {
    static let stream = "corrections"

    /// The changes of each corrected position, merged in order, from the corrections not retracted.
    var changes: [Int64: [String: JSONValue]] = [:]
    /// Each correction not retracted, by its position: what it corrects and its changes, to
    /// merge them again when one is retracted.
    private var corrections: [Int64: (target: Int64, changes: [String: JSONValue])] = [:]
    /// The retracted positions, each with the position of its retraction.
    var retracted: [Int64: Int64] = [:]

    mutating func evolve(_ fact: Fact) {
        switch fact.event {
        case let correction as EntryCorrected:
            let target = Int64(correction.corrects)
            corrections[fact.position] = (target, correction.changes)
            changes[target, default: [:]].merge(correction.changes) { _, new in new }
        case let retraction as EntryRetracted:
            let target = Int64(retraction.position)
            retracted[target] = fact.position
            guard let withdrawn = corrections.removeValue(forKey: target) else { return }
            let left = corrections.filter { $0.value.target == withdrawn.target }.sorted { $0.key < $1.key }
            changes[withdrawn.target] = left.isEmpty ? nil : left.reduce(into: [:]) { merged, c in merged.merge(c.value.changes) { _, new in new } }
        default:
            break
        }
    }

    func decide(_ fact: Fact, _ register: Register) throws {
        if let retraction = fact.event as? EntryRetracted { return try decide(retraction, register) }
        guard let correction = fact.event as? EntryCorrected else { return }
        let position = Int64(correction.corrects)
        guard let found = try register.reader.event(at: position) else {
            throw refusal("there is no position \(position) to correct: the register's last position is \(register.reader.lastPosition)")
        }
        let target = found.entry
        guard target.type != EntryCorrected.type else {
            throw refusal(
                "position \(position) is itself a correction: correct the position it corrects, \(found.value.flatMap { ($0 as? EntryCorrected)?.corrects }.map(String.init) ?? "?")"
            )
        }
        if target.type == EntryRetracted.type { throw refusal("position \(position) is a retraction, which is not corrected") }
        if let by = retracted[position] { throw refusal("position \(position) is retracted (at position \(by)): a retracted entry is not corrected") }
        guard let targetType = OCPSCatalog.type(named: target.type) else {
            throw refusal("position \(position) is a \(target.type), which this catalog does not know")
        }
        if let unknown = correction.changes.keys.sorted().first(where: { name in !targetType.fields.contains { $0.name == name } }) {
            throw refusal(
                "\(target.type) at position \(position) has no field \(unknown) (its fields: \(targetType.fields.map(\.name).joined(separator: ", ")))"
            )
        }
        let corrected: any DomainEvent
        do {
            corrected = try Self.corrected(target, with: (changes[position] ?? [:]).merging(correction.changes) { _, new in new })
        } catch let error as ActaError {
            throw refusal("the correction would make the \(target.type) at position \(position) invalid: \(error.message)")
        }
        if corrected.stream != target.stream {
            throw refusal(
                "the correction would move the \(target.type) at position \(position) from \(target.stream) to \(corrected.stream); the fields a stream is named by are not corrected: record the event on \(corrected.stream)"
            )
        }
        register.reader.refold(target.stream)
    }

    /// A retraction withdraws an entry the register holds, once; a retraction is final.
    private func decide(_ retraction: EntryRetracted, _ register: Register) throws {
        let position = Int64(retraction.position)
        guard let found = try register.reader.event(at: position) else {
            throw refusal("there is no position \(position) to retract: the register's last position is \(register.reader.lastPosition)")
        }
        let target = found.entry
        if target.type == EntryRetracted.type { throw refusal("position \(position) is itself a retraction, which is final") }
        if let by = retracted[position] { throw refusal("position \(position) is already retracted, at position \(by)") }
        guard OCPSCatalog.type(named: target.type) != nil else {
            throw refusal("position \(position) is a \(target.type), which this catalog does not know")
        }
        register.reader.refold(target.stream)
        // A retracted correction no longer changes its target.
        if let corrected = found.value as? EntryCorrected, let targetOfIt = try register.reader.event(at: Int64(corrected.corrects)) {
            register.reader.refold(targetOfIt.entry.stream)
        }
    }

    /// The event at `entry` with `changes` merged into its data, as the views merge them.
    static func corrected(_ entry: Entry, with changes: [String: JSONValue]) throws -> any DomainEvent {
        let unreadable = ActaError(.invalidInput, "position \(entry.position) cannot be read as a \(entry.type)")
        guard case .object(var data) = try JSONParser.parse(entry.data) else { throw unreadable }
        data.merge(changes) { _, new in new }
        guard let event = try OCPSCatalog.decodeRecorded(type: entry.type, schema: entry.schema, data: CanonicalJSON.encode(.object(data))) else {
            throw unreadable
        }
        return event
    }
}
