import ActaLog

/// The rules of the OCPS register: each stream is an aggregate (a meeting, an action item,
/// a member country, a Board seat, the Secretariat, …) whose ``Aggregate`` folds the
/// stream's own events and decides the next. The engine calls them inside each append's
/// write transaction.
public struct OCPSRules: StreamRules {
    public init() {}

    /// The aggregate of each kind of stream, by the stream's name as the types derive it.
    public func newState(for stream: String) -> any StreamState {
        let (kind, _) = Self.split(stream)
        switch kind {
        case "meeting": return StreamRecord<MeetingRules>(stream)
        case "action": return StreamRecord<ActionItemRules>(stream)
        case "member": return StreamRecord<MemberRules>(stream)
        case "board": return StreamRecord<BoardSeatRules>(stream)
        case "secretariat" where stream == "secretariat": return StreamRecord<SecretariatHostRules>(stream)
        case "secretariat" where stream == "secretariat/staff": return StreamRecord<StaffRules>(stream)
        case "provisions" where stream == "provisions": return StreamRecord<ProvisionsRequestRules>(stream)
        case "provisions": return StreamRecord<ProvisionsSubmissionRules>(stream)
        case "corrections": return StreamRecord<CorrectionRules>(stream)
        case "access": return StreamRecord<AccessTokenRules>(stream)
        default: return StreamRecord<NoRules>(stream)  // conference: declarations and reported counts
        }
    }

    public func decode(type: String, schema: Int64, data: [UInt8]) -> (any Sendable)? {
        try? OCPSCatalog.decodeRecorded(type: type, schema: schema, data: data)
    }

    public func allowsRepeats(of type: String) -> Bool {
        OCPSCatalog.type(named: type)?.allowsRepeats ?? false
    }

    /// `meeting/conference/4` → ("meeting", "conference/4").
    static func split(_ stream: String) -> (kind: Substring, rest: Substring) {
        guard let slash = stream.firstIndex(of: "/") else { return (stream[...], "") }
        return (stream[..<slash], stream[stream.index(after: slash)...])
    }
}

/// One event of a stream as an aggregate sees it: where it is, and its typed value.
struct Fact {
    let position: Int64
    let stream: String
    let type: String
    /// The catalog's ``DomainEvent``, kept as the engine hands it: the aggregates switch on
    /// its concrete type, and a cast to `any DomainEvent` (a conformance lookup) on every
    /// fold and decision was a tenth of an append.
    var event: any Sendable

    /// Whether the event is a `T`: a comparison of its type, where a cast that fails is a
    /// search of the runtime's conformances.
    func isA<T>(_: T.Type) -> Bool { Swift.type(of: event) == T.self }

    /// Nil for an event the catalog cannot read (a type it does not know): the rules skip it.
    init?(_ e: borrowing StreamEvent) {
        guard let event = e.value else { return nil }
        position = e.entry.position
        stream = e.entry.stream
        type = e.entry.type
        self.event = event
    }
}

/// The rules of one kind of stream, as a decider: the state folded from the stream's own
/// events, as corrected (`evolve`), and the decision on the next one (`decide`), which
/// throws a ``refusal(_:)`` naming what the register holds.
protocol Aggregate {
    init()
    mutating func evolve(_ fact: Fact)
    func decide(_ fact: Fact, _ register: Register) throws
    /// The day an event whose data gives none happened, as the stream holds it; nil: the
    /// day of the append. Asked only for an event whose data gives no day.
    func occurred(of event: any Sendable) -> String?
}

extension Aggregate {
    func occurred(of event: any Sendable) -> String? { nil }
}

/// A refusal because of what the register holds or lacks: exit 3, a conflict.
func refusal(_ sentence: String) -> ActaError {
    ActaError(.conflict, sentence)
}

/// What a decision reads beyond its own stream, inside the append's transaction.
struct Register {
    let reader: any RegisterReader

    /// The state of another stream of aggregate `A`; nil when the stream is of another kind.
    func state<A: Aggregate>(_: A.Type, of stream: String) throws -> A? {
        (try reader.state(of: stream) as? StreamRecord<A>)?.aggregate
    }
}

/// A stream's state: its aggregate, folded from the stream's events as corrected and
/// without the retracted ones (the views' values), and the event types it holds (which a ``SourceConflictNoted`` on the stream must
/// name).
final class StreamRecord<A: Aggregate>: StreamState {
    let stream: String
    private(set) var aggregate = A()
    /// A stream holds events of a few types: a list is searched faster than a set is hashed.
    private var types: [String] = []
    /// The state of stream `corrections`, read with this stream's first event.
    private var corrections: StreamRecord<CorrectionRules>?

    init(_ stream: String) { self.stream = stream }

    func evolve(_ event: StreamEvent, _ register: any RegisterReader) throws -> Bool {
        guard var fact = Fact(event) else { return true }
        if stream != CorrectionRules.stream {
            if corrections == nil { corrections = try register.state(of: CorrectionRules.stream) as? StreamRecord<CorrectionRules> }
            if let amended = corrections?.aggregate {
                if !amended.retracted.isEmpty, amended.retracted[fact.position] != nil { return false }
                if !amended.changes.isEmpty, let change = amended.changes[fact.position] {
                    fact.event = try CorrectionRules.corrected(event.entry, with: change)
                }
            }
        }
        if !types.contains(fact.type) { types.append(fact.type) }
        aggregate.evolve(fact)
        return true
    }

    func occurred(of value: (any Sendable)?) -> String? {
        // Lent, not copied out of the optional.
        value.flatMap { aggregate.occurred(of: $0) }
    }

    func decide(_ event: StreamEvent, _ register: any RegisterReader) throws {
        guard let fact = Fact(event) else { return }
        // The type compared first: a cast that fails costs far more, on every decision.
        if fact.isA(SourceConflictNoted.self), let conflict = fact.event as? SourceConflictNoted { try decide(conflict, register) }
        try aggregate.decide(fact, Register(reader: register))
    }

    /// A source conflict disputes an event of its stream: of the type it names, and the one
    /// with its id when it gives one.
    private func decide(_ conflict: SourceConflictNoted, _ register: any RegisterReader) throws {
        if let id = conflict.id.flatMap(EventID.normalize) {
            guard let disputed = try register.event(id: id) else {
                throw refusal("no event with id \(id) is recorded, so there is none to dispute")
            }
            let entry = disputed.entry
            guard entry.stream == stream, entry.type == conflict.event else {
                throw refusal("id \(id) is the \(entry.type) at position \(entry.position) on \(entry.stream), not a \(conflict.event) on \(stream)")
            }
        } else if !types.contains(conflict.event) {
            throw refusal("no \(conflict.event) is recorded on \(stream), so there is none to dispute")
        }
    }
}

/// Streams without rules of their own (`conference`): repeats are still refused.
struct NoRules: Aggregate {
    mutating func evolve(_ fact: Fact) {}
    func decide(_ fact: Fact, _ register: Register) throws {}
}

extension OCPSCatalog {
    /// Decodes data as the log holds it, at its recorded schema.
    static func decodeRecorded(type: String, schema: Int64, data: [UInt8]) throws -> (any DomainEvent)? {
        guard let eventType = Self.type(named: type) else { return nil }
        if schema == eventType.schema, let event = try eventType.decode(currentSchemaData: data) { return event }
        guard let object = try JSONParser.parse(data).objectValue else { return nil }
        return try eventType.decode(try eventType.upcast(object, from: schema))
    }
}
