import ActaLog

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

/// Marks as a page shows them: each a link to the event that tells its source, with that
/// source in its title (shown on hover). `{{#marks}}<a class="mark" href="{{href}}"
/// title="{{title}}">{{label}}</a>{{/marks}}` in a template.
public struct MarkLinks: Sendable {
    /// The recorded conflict notes by their own position.
    let notes: [Int64: ConflictsProjection.Note]

    public init(_ store: ViewStore) throws {
        notes = Dictionary(try ConflictIndex(store).notes.values.joined().map { ($0.position, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// One entry per mark, `label`, `href` (the event page) and `title`; `position` is the
    /// event the fact rests on, where the row knows it.
    public func links(_ marks: Marks, at position: Int64? = nil) -> [[String: String]] {
        var out: [[String: String]] = []
        if marks.inferred == true {
            out.append([
                "label": "inferred", "href": position.map { "/events/\($0)" } ?? "",
                "title": "Inferred: the register marks an event this rests on as inferred, with a note saying why"
                    + (position.map { " (event \($0))" } ?? ""),
            ])
        }
        for conflict in marks.conflicts ?? [] {
            let title: String
            if let note = notes[conflict] {
                title = "Conflict: \(note.source ?? "another source") gives the \(note.event)'s \(note.field) as \(note.value) (event \(conflict))"
            } else {
                title = "Conflict: a source disputes event \(conflict); its note tells the other value"
            }
            out.append(["label": "conflict: \(conflict)", "href": "/events/\(conflict)", "title": title])
        }
        return out
    }
}
