/// An error a person reads: one line saying what is wrong, where, and how to fix it,
/// with the process exit code that goes with its kind.
///
/// What is wrong (``reason``) and where (``context``: an input line, a log position, a
/// view, ...) are kept apart, so a caller that adds where it happened, or needs the
/// position, never parses the text: ``message`` is built from both.
///
///     ActaError(.invalidInput, "MeetingHeld.start: 2018-02-30 is not a date").at(.position(71))
///     // message: "position 71: MeetingHeld.start: 2018-02-30 is not a date"
public struct ActaError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Int32, Sendable {
        /// Data, JSON, dates, types or options that do not fit the catalog or the format.
        case invalidInput = 2
        /// An expected stream version or an id does not match what the log holds.
        case conflict = 3
        /// No store at the path, a store already there, or a file that is not a store.
        case store = 4
        /// `verify` found the log damaged or tampered with.
        case integrity = 5
        /// The file system or SQLite refused: read-only, full disk, locked too long.
        case io = 6
    }

    /// Where an error happened, outermost first in ``context``.
    public enum Place: Sendable, Equatable, CustomStringConvertible {
        /// A line of an import (1-based).
        case line(Int)
        /// An event of a batch append (1-based), for callers without lines.
        case event(Int)
        /// An item of a document, by its path in it (`meeting`, `outcomes[3]`): the event a
        /// document's item became, for callers that append a document as one batch.
        case item(String)
        /// A position of the log.
        case position(Int64)
        /// A view of the domain, being rebuilt.
        case view(String)
        /// A record of a view, by its key.
        case record(view: String, key: String)

        public var description: String {
            switch self {
            case .line(let n): return "line \(n)"
            case .event(let n): return "event \(n)"
            case .item(let path): return path
            case .position(let p): return "position \(p)"
            case .view(let name): return "view \(name)"
            case .record(let view, let key): return "view \(view) key \(key)"
            }
        }
    }

    public let kind: Kind
    /// What is wrong and how to fix it, without where.
    public let reason: String
    /// Where, outermost first.
    public private(set) var context: [Place]

    public init(_ kind: Kind, _ reason: String, at context: [Place] = []) {
        self.kind = kind
        self.reason = reason
        self.context = context
    }

    /// The one line a person reads: where, then what.
    public var message: String {
        var out = ""
        for (i, place) in context.enumerated() {
            out += place.description
            // "view members at position 71": the position is the view's.
            if case .view = place, i + 1 < context.count, case .position = context[i + 1] { out += " at " } else { out += ": " }
        }
        return out + reason
    }

    public var description: String { message }
    public var exitCode: Int32 { kind.rawValue }

    /// The log position the error is about, if it names one.
    public var position: Int64? {
        for case .position(let p) in context { return p }
        return nil
    }

    /// The input line the error is about, if it names one.
    public var line: Int? {
        for case .line(let n) in context { return n }
        return nil
    }

    /// The same error, said to have happened at `place` (outside the places it names
    /// already); a place it names already is not repeated.
    public func at(_ place: Place) -> ActaError {
        guard !context.contains(place) else { return self }
        var copy = self
        copy.context.insert(place, at: 0)
        return copy
    }

    static func invalid(_ message: String) -> ActaError { ActaError(.invalidInput, message) }
}
