/// An error a person reads: one line saying what is wrong, where, and how to fix it,
/// with the process exit code that goes with its kind.
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

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
    public var exitCode: Int32 { kind.rawValue }

    static func invalid(_ message: String) -> ActaError { ActaError(.invalidInput, message) }
}
