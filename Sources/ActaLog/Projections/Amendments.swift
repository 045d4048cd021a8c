/// What later events changed of earlier ones, as the views read the log: for each position,
/// its fields as corrected (the changes merged in log order) and the retraction that
/// withdraws it. A retracted correction changes nothing; a retracted retraction withdraws
/// nothing.
public struct Amendments: Sendable {
    /// A position's corrected fields, and the positions of the corrections that changed them.
    public struct Changes: Sendable {
        public var changes: [String: JSONValue] = [:]
        public var by: [Int64] = []
    }

    /// A position's retraction: where it is recorded and why.
    public struct Retraction: Sendable {
        public var by: Int64
        public var reason: String?
    }

    public private(set) var corrected: [Int64: Changes] = [:]
    public private(set) var retracted: [Int64: Retraction] = [:]

    public var isEmpty: Bool { corrected.isEmpty && retracted.isEmpty }

    /// Folds `corrections`, each beside its own position, given in log order.
    init(_ corrections: [(position: Int64, correction: Correction)]) {
        // Latest first: a retraction withdrawn by a later one is skipped, and of two
        // retractions of one entry the earlier is the one that counts.
        for (position, c) in corrections.reversed() where c.retracts && retracted[position] == nil {
            retracted[c.corrects] = Retraction(by: position, reason: c.reason)
        }
        for (position, c) in corrections where !c.retracts && retracted[position] == nil {
            corrected[c.corrects, default: Changes()].changes.merge(c.changes) { _, new in new }
            corrected[c.corrects]!.by.append(position)
        }
    }

    /// What a reader is told of the entry at `position`: `retracted by 90: why`,
    /// `corrected by 82, 85`; none when nothing changed it. `reasons: false` leaves the
    /// retraction's reason out (a table's column).
    public func notes(for position: Int64, reasons: Bool = true) -> [String] {
        var notes: [String] = []
        if let r = retracted[position] {
            notes.append("retracted by \(r.by)" + (reasons ? r.reason.map { ": " + $0 } ?? "" : ""))
        }
        if let c = corrected[position] { notes.append("corrected by " + c.by.map(String.init).joined(separator: ", ")) }
        return notes
    }

    /// The same for machines: `corrected_by` (positions) and `retracted` (`by`, `reason`),
    /// each only when it applies.
    public func json(for position: Int64) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        if let r = retracted[position] {
            out["retracted"] = .object(["by": .number(Double(r.by)), "reason": r.reason.map(JSONValue.string) ?? .null])
        }
        if let c = corrected[position] { out["corrected_by"] = .array(c.by.map { .number(Double($0)) }) }
        return out
    }

    /// `entry` as ``Entry/exportObject()`` gives it, with ``json(for:)`` beside its fields.
    public func exportObject(of entry: Entry) throws -> JSONValue {
        guard case .object(var object) = try entry.exportObject() else { preconditionFailure("an entry exports as an object") }
        object.merge(json(for: entry.position)) { _, new in new }
        return .object(object)
    }
}
