/// An event of a stream as the rules see it: an entry the log holds, or the one being
/// decided, with the position, version, recorded time and hashes it gets if it is accepted.
public struct StreamEvent: Sendable {
    public var entry: Entry
    /// The catalog's decoded value of the data; nil when the catalog cannot read it (a type
    /// it does not know).
    public var value: (any Sendable)?

    public init(entry: Entry, value: (any Sendable)?) {
        self.entry = entry
        self.value = value
    }
}

/// A domain's rules for appending. Each stream is an aggregate: its state is folded from the
/// stream's own events (``StreamState/evolve(_:)``) and the next event is accepted or refused
/// against it (``StreamState/decide(_:_:)``). The engine decides every append inside its
/// write transaction, so two writers racing cannot both pass, and an import decides each
/// line against the state including the earlier lines of the same import.
///
/// Besides the domain's rules, the engine refuses an event whose type and data equal an
/// event already on its stream, unless ``allowsRepeats(of:)``. An append retried with its
/// `id` is answered from the log before any of this.
public protocol StreamRules: Sendable {
    /// The state of `stream` before its first event.
    func newState(for stream: String) -> any StreamState
    /// Decodes data read back from the log, to be folded; nil when the domain cannot read it.
    func decode(type: String, schema: Int64, data: [UInt8]) -> (any Sendable)?
    /// Whether an event of `type` may be recorded again on a stream with the same data.
    func allowsRepeats(of type: String) -> Bool
}

/// The state of one stream, changed in place as its events are folded in.
public protocol StreamState: AnyObject {
    /// Folds in the stream's next event: one the log holds, or one just accepted. `register`
    /// gives what the fold reads of other streams (the corrections of its events). Returns
    /// false for an event the domain does not count (one retracted as recorded in error): it
    /// is not folded, and a repeat of it is not refused.
    @discardableResult
    func evolve(_ event: StreamEvent, _ register: any RegisterReader) throws -> Bool
    /// Returns when `event` may be the stream's next; otherwise throws an ``ActaError``
    /// (`.conflict` when the register's content is what refuses it) whose message is a
    /// sentence naming the position it conflicts with, or what the stream lacks.
    func decide(_ event: StreamEvent, _ register: any RegisterReader) throws
    /// When an event whose data gives no date happened, as the stream holds it (an outcome
    /// on its meeting's day), given the catalog's decoded value; nil: the day of the append.
    func occurred(of value: (any Sendable)?) -> String?
}

extension StreamState {
    public func occurred(of value: (any Sendable)?) -> String? { nil }
}

/// What a decision may read besides its own stream's state, within the append's write
/// transaction: the events already appended by that transaction included.
public protocol RegisterReader {
    /// The last position before the event being decided.
    var lastPosition: Int64 { get }
    /// Another stream's state, read from its own events (an index lookup, never the log).
    func state(of stream: String) throws -> any StreamState
    /// The event at `position`; nil when there is none.
    func event(at position: Int64) throws -> StreamEvent?
    /// The event with this id (a lowercase UUID); nil when there is none.
    func event(id: String) throws -> StreamEvent?
    /// Has `stream`'s state folded again from its events when it is next read (a
    /// correction of one of them was accepted).
    func refold(_ stream: String)
}
