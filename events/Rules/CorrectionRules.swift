import ActaLog

/// `corrections`: the corrections of earlier events.
///
/// - a correction targets an event the register holds, which is not itself a correction;
/// - it changes only fields the target's type has;
/// - the target, with every correction of it applied as the views apply them, stays valid
///   and stays on its stream (the fields a stream is named by are not corrected).
///
/// Every stream folds its events as corrected (``StreamRecord``); an accepted correction has
/// its target's stream folded again.
struct CorrectionRules: Aggregate {
    static let stream = "corrections"

    /// The changes recorded so far for each corrected position, merged in order.
    var changes: [Int64: [String: JSONValue]] = [:]

    mutating func evolve(_ fact: Fact) {
        guard let correction = fact.event as? EntryCorrected else { return }
        changes[Int64(correction.corrects), default: [:]].merge(correction.changes) { _, new in new }
    }

    func decide(_ fact: Fact, _ register: Register) throws {
        guard let correction = fact.event as? EntryCorrected else { return }
        let position = Int64(correction.corrects)
        guard let found = try register.reader.event(at: position) else {
            throw refusal("there is no position \(position) to correct: the register's last position is \(register.reader.lastPosition)")
        }
        let target = found.entry
        guard target.type != EntryCorrected.type else {
            throw refusal("position \(position) is itself a correction: correct the position it corrects, \(found.value.flatMap { ($0 as? EntryCorrected)?.corrects }.map(String.init) ?? "?")")
        }
        guard let targetType = OCPSCatalog.type(named: target.type) else {
            throw refusal("position \(position) is a \(target.type), which this catalog does not know")
        }
        if let unknown = correction.changes.keys.sorted().first(where: { name in !targetType.fields.contains { $0.name == name } }) {
            throw refusal("\(target.type) at position \(position) has no field \(unknown) (its fields: \(targetType.fields.map(\.name).joined(separator: ", ")))")
        }
        let corrected: any DomainEvent
        do {
            corrected = try Self.corrected(target, with: (changes[position] ?? [:]).merging(correction.changes) { _, new in new })
        } catch let error as ActaError {
            throw refusal("the correction would make the \(target.type) at position \(position) invalid: \(error.message)")
        }
        if corrected.stream != target.stream {
            throw refusal(
                "the correction would move the \(target.type) at position \(position) from \(target.stream) to \(corrected.stream); the fields a stream is named by are not corrected: record the event on \(corrected.stream)")
        }
        register.reader.refold(target.stream)
    }

    /// The event at `entry` with `changes` merged into its data, as the views merge them.
    static func corrected(_ entry: Entry, with changes: [String: JSONValue]) throws -> any DomainEvent {
        let unreadable = ActaError(.invalidInput, "position \(entry.position) cannot be read as a \(entry.type)")
        guard case .object(var data) = try JSONParser.parse(entry.data) else { throw unreadable }
        data.merge(changes) { _, new in new }
        guard let event = try OCPSCatalog.decodeRecorded(type: entry.type, schema: entry.schema, data: CanonicalJSON.encode(.object(data))) else { throw unreadable }
        return event
    }
}
