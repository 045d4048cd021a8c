/// Whether a fact of a view rests on an inferred event (`meta.inferred`) or on one that a
/// recorded source disputes: `conflicts` holds the positions of the ``SourceConflictNoted``
/// events (or of the disputed event itself, when it tells the other value in its own note).
/// Views write them beside each fact, in text and in JSON (`"inferred": true`,
/// `"conflicts": [55]`), and leave them out when there is nothing to mark.
public struct Marks: Codable, Sendable, Equatable {
    public var inferred: Bool?
    public var conflicts: [Int64]?

    public init(inferred: Bool? = nil, conflicts: [Int64]? = nil) {
        self.inferred = inferred == true ? true : nil
        self.conflicts = conflicts?.isEmpty == false ? conflicts : nil
    }

    public var isEmpty: Bool { inferred == nil && conflicts == nil }

    /// Both marks together: inferred if either is, every conflict of both.
    public func merged(_ other: Marks) -> Marks {
        Marks(inferred: inferred == true || other.inferred == true, conflicts: Array(Set((conflicts ?? []) + (other.conflicts ?? []))).sorted())
    }

    /// For a column of its own: empty, or `inferred`, `conflict: 55`, `inferred; conflicts: 55, 61`.
    public var label: String {
        var parts: [String] = []
        if inferred == true { parts.append("inferred") }
        if let conflicts {
            parts.append((conflicts.count == 1 ? "conflict: " : "conflicts: ") + conflicts.map(String.init).joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }

    /// After a fact in a sentence: empty, or ` [inferred]`, ` [conflict: 55]`, ….
    public var text: String { isEmpty ? "" : " [\(label)]" }
}

/// A row of a view that carries the marks of the facts it shows, as its own `inferred` and
/// `conflicts` members.
public protocol Marked {
    var inferred: Bool? { get set }
    var conflicts: [Int64]? { get set }
}

extension Marked {
    public var marks: Marks {
        get { Marks(inferred: inferred, conflicts: conflicts) }
        set {
            inferred = newValue.inferred
            conflicts = newValue.conflicts
        }
    }
}

/// A date as far as it is known: `2022-07` for month precision, `2019` for year precision,
/// the whole day otherwise. Views keep whole dates to compare and print these.
public enum KnownDate {
    public static func text(_ date: String, _ precision: String?) -> String {
        switch precision {
        case "month": String(date.prefix(7))
        case "year": String(date.prefix(4))
        default: date
        }
    }
}
