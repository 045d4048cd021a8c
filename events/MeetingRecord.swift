import ActaLog
import Foundation

/// One meeting's record as one document (`acta record FILE`): the meeting, its outcomes, the
/// action items, requests, invitations, approaches, designations and board seats they made,
/// and where the facts come from. It becomes the events a clerk would otherwise append one
/// by one, in the order the register needs (the meeting before its outcomes), each labelled
/// with the path of the item it comes from (`outcomes[3]`), so that the batch append, all or
/// none, names the item an error is about.
///
///     {"meta": {"source": "minutes of the 12th meeting"},
///      "meeting": {"body": "conference", "number": 12, "start": "2026-06-18", "format": "in-person"},
///      "outcomes": [{"ordinal": 1, "kind": "request", "text": "Members to send …"}],
///      "actions": [{"ordinal": 1, "task": "Send the annual statistics", "owner": "members", "due": "2026-10-01"}]}
///
/// What the meeting implies is filled from it: each outcome's, request's and invitation's
/// body and meeting; every date left out is the meeting's start; an action item's id is
/// `<body>-<number>-<ordinal>` and a request's `<body>/<number>#<ordinal>` when not given;
/// an approach or designation is for the body's next meeting unless it names one. Items are
/// counted from 0, as JSON paths count them.
public struct MeetingRecord: Sendable {
    /// The meeting, as its `MeetingHeld` is recorded.
    public let meeting: MeetingHeld
    /// The events to append, in order; `paths[i]` is the document item `events[i]` comes from.
    public let events: [NewEvent]
    public let paths: [String]

    /// The record in `document`, checked as a document (every item's fields, the outcomes
    /// the items name); the events are decided against the register when appended.
    public init(_ document: JSONValue, actor: String) throws {
        guard case .object(let object) = document else {
            throw ActaError(.invalidInput, "a meeting's record is a JSON object, not \(document.kindName) (see `acta record --template meeting`)")
        }
        let known = ["meta", "meeting"] + Self.sections.map(\.key)
        if let unknown = object.keys.filter({ !known.contains($0) }).min() {
            throw ActaError(
                .invalidInput,
                "\(unknown.prefix(60)): unknown part of a meeting's record; the parts are \(known.joined(separator: ", ")) (see `acta record --template meeting`)"
            )
        }
        let documentMeta = try Self.checkMeta(object["meta"], path: "meta") ?? [:]
        guard let meetingItem = object["meeting"], meetingItem != .null else {
            throw ActaError(.invalidInput, "meeting: required: the meeting's fields, as `acta types MeetingHeld` lists them")
        }
        let (meetingData, meetingMeta) = try Self.checkItem(meetingItem, path: "meeting", fields: MeetingHeld.fields, derived: [], section: "meeting")
        do { meeting = try MeetingHeld.decode(meetingData) } catch let error as ActaError { throw error.at(.item("meeting")) }

        func event(_ type: String, _ data: [String: JSONValue], _ meta: [String: JSONValue]?) -> NewEvent {
            NewEvent(type: type, data: .object(data), actor: actor, meta: documentMeta.merging(meta ?? [:]) { $1 })
        }
        var events = [event(MeetingHeld.type, meetingData, meetingMeta)]
        var paths = ["meeting"]
        var ordinals: [Int: String] = [:]  // outcome ordinal → its path
        var items: [String: String] = [:]  // action item id → its path
        for section in Self.sections {
            guard let value = object[section.key], value != .null else { continue }
            guard case .array(let list) = value else {
                throw ActaError(.invalidInput, "\(section.key): expected a list of items, got \(value.kindName)")
            }
            for (i, item) in list.enumerated() {
                let path = "\(section.key)[\(i)]"
                let (checked, meta) = try Self.checkItem(item, path: path, fields: section.fields, derived: section.derived, section: section.key)
                var data = checked
                do { try section.fill(&data, meeting) } catch let error as ActaError { throw ActaError(.invalidInput, "\(path).\(error.reason)") }
                let ordinal = data["ordinal"]?.intValue
                if section.type == OutcomeAdopted.self, let ordinal {
                    if let other = ordinals[ordinal] { throw ActaError(.invalidInput, "\(path).ordinal: \(ordinal) is also \(other)'s ordinal") }
                    ordinals[ordinal] = path
                } else if let ordinal, ordinals[ordinal] == nil {
                    let listed = ordinals.keys.sorted().map(String.init).joined(separator: ", ")
                    throw ActaError(
                        .invalidInput,
                        "\(path).ordinal: this record has no outcome \(ordinal) (its outcomes: \(listed.isEmpty ? "none" : listed))"
                    )
                }
                if section.type == ActionItemOpened.self, let id = data["item"]?.stringValue {
                    if let other = items[id] {
                        throw ActaError(.invalidInput, "\(path).item: \(id) is also \(other)'s item: give each action of an outcome its own item id")
                    }
                    items[id] = path
                }
                events.append(event(section.type.type, data, meta))
                paths.append(path)
            }
        }
        self.events = events
        self.paths = paths
    }

    /// The JSON document at `bytes`, as ``init(_:actor:)`` reads it; `what` names the input in errors.
    public static func parse(_ bytes: [UInt8], what: String, actor: String) throws -> MeetingRecord {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch { throw ActaError(.invalidInput, "\(what): \(error)") }
        return try MeetingRecord(document, actor: actor)
    }

    // MARK: - The parts of a record

    /// A list of a record: the items of one event type, the fields the meeting fills, and
    /// the fields the record states otherwise than the type (a default, or required here).
    struct Section: Sendable {
        let key: String
        let type: any DomainEvent.Type
        /// Fields the meeting gives: not written in the record.
        let derived: Set<String>
        /// Fields as the record takes them, replacing the type's of the same name.
        let changed: [Field]
        /// Fills the derived fields and the defaults from the meeting; errors name the field alone.
        let fill: @Sendable (inout [String: JSONValue], MeetingHeld) throws -> Void

        /// The fields an item of the list takes.
        var fields: [Field] {
            type.fields.filter { !derived.contains($0.name) }.map { field in changed.first { $0.name == field.name } ?? field }
        }
    }

    static let dateDefault = "the meeting's start when omitted"

    /// The parts after the meeting, in the order they are appended and the template lists them.
    static let sections: [Section] = [
        Section(
            key: "outcomes",
            type: OutcomeAdopted.self,
            derived: ["body", "meeting"],
            changed: [Field("date", .date, required: false, "The day it was adopted: \(dateDefault).")],
            fill: { data, m in fillMeeting(&data, m) }
        ),
        Section(
            key: "actions",
            type: ActionItemOpened.self,
            derived: ["body", "meeting"],
            changed: [
                Field("ordinal", .integer(min: 1, max: 1_000), "The ordinal of the outcome it comes from, one of this record's outcomes."),
                Field(
                    "item",
                    .text,
                    required: false,
                    "The item's id, naming its stream action/<item>: <body>-<number>-<ordinal> when omitted (e.g. conference-4-3); give one to each action of an outcome with several."
                ),
                Field("date", .date, required: false, "The day it was opened: \(dateDefault)."),
            ],
            fill: { data, m in
                fillMeeting(&data, m)
                if data["item"] == nil, let ordinal = data["ordinal"]?.intValue { data["item"] = .string("\(m.body)-\(m.number)-\(ordinal)") }
            }
        ),
        Section(
            key: "provisions",
            type: LegalProvisionsRequested.self,
            derived: ["body", "meeting"],
            changed: [
                Field("ordinal", .integer(min: 1, max: 1_000), "The ordinal of the outcome that asks for them, one of this record's outcomes."),
                Field(
                    "request",
                    .text,
                    required: false,
                    "The request's id, which submissions quote: <body>/<number>#<ordinal> when omitted (e.g. conference/4#3)."
                ),
                Field("date", .date, required: false, "The day it was requested: \(dateDefault)."),
            ],
            fill: { data, m in
                fillMeeting(&data, m)
                if data["request"] == nil, let ordinal = data["ordinal"]?.intValue { data["request"] = .string("\(m.body)/\(m.number)#\(ordinal)") }
            }
        ),
        Section(
            key: "invitations",
            type: MemberInvited.self,
            derived: ["body", "meeting"],
            changed: [Field("date", .date, required: false, "The day of the invitation: \(dateDefault).")],
            fill: { data, m in fillMeeting(&data, m) }
        ),
        Section(
            key: "approaches",
            type: HostApproached.self,
            derived: [],
            changed: futureMeeting(date: "The day the approach was decided or made"),
            fill: { data, m in try fillFutureMeeting(&data, m) }
        ),
        Section(
            key: "designations",
            type: HostDesignated.self,
            derived: [],
            changed: futureMeeting(date: "The day it was decided"),
            fill: { data, m in try fillFutureMeeting(&data, m) }
        ),
        Section(
            key: "board",
            type: BoardSeatFilled.self,
            derived: [],
            changed: [Field("from", .date, required: false, "The first day it holds the seat: \(dateDefault).")],
            fill: { data, m in
                if data["from"] == nil { data["from"] = .string(m.start) }
            }
        ),
    ]

    /// The body and number of the record's meeting, and the date when omitted.
    static func fillMeeting(_ data: inout [String: JSONValue], _ m: MeetingHeld) {
        data["body"] = .string(m.body)
        data["meeting"] = .number(Double(m.number))
        if data["date"] == nil { data["date"] = .string(m.start) }
    }

    /// The fields of an approach or a designation: a meeting to come, the body's next by default.
    static func futureMeeting(date: String) -> [Field] {
        [
            Field(
                "body",
                .enumeration(MeetingHeld.bodies),
                required: false,
                "The body whose meeting it is: the record's meeting's body when omitted."
            ),
            Field(
                "meeting",
                .integer(min: 1, max: 1_000_000),
                required: false,
                "That meeting's number: when omitted, the next meeting of the record's body (its number + 1)."
            ),
            Field("date", .date, required: false, "\(date): \(dateDefault)."),
        ]
    }

    static func fillFutureMeeting(_ data: inout [String: JSONValue], _ m: MeetingHeld) throws {
        if data["body"] == nil { data["body"] = .string(m.body) }
        if data["meeting"] == nil {
            guard let body = data["body"]?.stringValue, body == m.body else {
                throw ActaError(
                    .invalidInput,
                    "meeting: give the number of the \(data["body"]?.stringValue ?? "") meeting it is for (the next meeting, when omitted, is the record's body's, \(m.body))"
                )
            }
            data["meeting"] = .number(Double(m.number + 1))
        }
        if data["date"] == nil { data["date"] = .string(m.start) }
    }

    /// Where a fact comes from, at the record's level (every event's) and an item's (its own,
    /// over the record's): the keys of an event's `meta`.
    static let metaFields: [Field] = [
        Field("source", .text, required: false, "Where the facts come from: the minutes, a web page."),
        Field("cite", .text, required: false, "The place in the source, e.g. a section's title."),
        Field("inferred", .boolean, required: false, "true when the fact is inferred rather than stated by the source (say why in note)."),
        Field("conflict", .boolean, required: false, "true when sources disagree on it (the other value is a SourceConflictNoted)."),
        Field("note", .text, required: false, "How the source was read, what is inferred and why, what is not known."),
    ]

    static let itemMeta = Field("meta", .object, required: false, "This item's own source, cite, inferred, conflict or note, over the record's meta.")

    // MARK: - Checking items

    /// An item's data and its own meta, checked against `fields` with errors naming `path`.
    static func checkItem(
        _ value: JSONValue,
        path: String,
        fields: [Field],
        derived: Set<String>,
        section: String
    ) throws -> (data: [String: JSONValue], meta: [String: JSONValue]?) {
        guard case .object(var object) = value else { throw ActaError(.invalidInput, "\(path): expected an object, got \(value.kindName)") }
        let meta = try checkMeta(object.removeValue(forKey: "meta"), path: "\(path).meta")
        for key in object.keys.sorted() where !fields.contains(where: { $0.name == key }) {
            if derived.contains(key) {
                throw ActaError(
                    .invalidInput,
                    "\(path).\(key): not given here: it is the record's meeting's (\(derived.sorted().joined(separator: " and ")) come from `meeting`)"
                )
            }
            throw ActaError(
                .invalidInput,
                "\(path).\(key.prefix(60)): unknown field; the fields are \((fields.map(\.name) + ["meta"]).joined(separator: ", ")) (see `acta record --template meeting`)"
            )
        }
        try refusePlaceholders(object, fields: fields, path: path, section: section)
        try Field.check(object, against: fields, type: path)
        return (object, meta)
    }

    /// A `meta` object: the keys of ``metaFields`` only.
    static func checkMeta(_ value: JSONValue?, path: String) throws -> [String: JSONValue]? {
        guard let value, value != .null else { return nil }
        if let found = Template.placeholder(in: value) {
            throw ActaError(.invalidInput, "\(path): \(Template.placeholderLeftIn(found, field: itemMeta, example: nil))")
        }
        guard case .object(let object) = value else { throw ActaError(.invalidInput, "\(path): expected an object, got \(value.kindName)") }
        if let unknown = object.keys.filter({ key in !metaFields.contains { $0.name == key } }).min() {
            throw ActaError(
                .invalidInput,
                "\(path).\(unknown.prefix(60)): unknown field; the fields are \(metaFields.map(\.name).joined(separator: ", "))"
            )
        }
        try refusePlaceholders(object, fields: metaFields, path: path, section: "meta")
        try Field.check(object, against: metaFields, type: path)
        return object
    }

    /// A template's placeholder left in a field is refused, naming the field and an example.
    static func refusePlaceholders(_ object: [String: JSONValue], fields: [Field], path: String, section: String) throws {
        for field in fields {
            guard let found = Template.placeholder(in: object[field.name]) else { continue }
            throw ActaError(
                .invalidInput,
                "\(path).\(field.name): \(Template.placeholderLeftIn(found, field: field, example: example(field, in: section)))"
            )
        }
    }

    // MARK: - The template and the example

    /// The Fourth Meeting of 2018 as a record (`events/examples/conference-4.json`).
    public static var exampleURL: URL {
        Bundle.module.url(forResource: "conference-4", withExtension: "json", subdirectory: "examples")!
    }

    /// The example record, parsed; empty if it cannot be read.
    static let exampleRecord: [String: JSONValue] = {
        guard let data = try? Data(contentsOf: exampleURL), let value = try? JSONParser.parse(Array(data)) else { return [:] }
        return value.objectValue ?? [:]
    }()

    /// The outcome the template's examples are about: the Fourth Meeting's third, a request
    /// with an action item and a deadline, so that an outcome, its action and its request
    /// shown as examples fit together.
    static let exampleOrdinal = 3

    /// A valid value of `field` in part `section` of a record: the example record's (its
    /// third outcome's where the item has an ordinal), else one from the history.
    static func example(_ field: Field, in section: String) -> JSONValue? {
        let items: [JSONValue]
        switch section {
        case "meeting": items = [exampleRecord["meeting"] ?? .null]
        case "meta": items = [exampleRecord["meta"] ?? .null] + sections.flatMap { exampleRecord[$0.key]?.arrayValue ?? [] }.compactMap { $0["meta"] }
        default:
            let all = exampleRecord[section]?.arrayValue ?? []
            items = all.filter { $0["ordinal"]?.intValue == exampleOrdinal } + all
        }
        if let value = items.lazy.compactMap({ $0[field.name] }).first { return Template.shortened(value) }
        // The meeting's other dates (its end) by its start, so that the examples fit together.
        if section == "meeting", case .date = field.kind, let start = exampleRecord["meeting"]?["start"] { return start }
        let type: (any DomainEvent.Type)? = section == "meeting" ? MeetingHeld.self : sections.first { $0.key == section }?.type
        return type.flatMap { Template.example(of: field, in: $0) }
    }

    /// `acta record --template meeting`: a record to fill in, each field's value a placeholder
    /// saying whether it is required, what it holds and a valid example (as `acta types NAME
    /// --template` shows them); each list holds one item to copy. Parts in the order they
    /// are recorded; a placeholder left in is refused, naming its path.
    public static func template() -> String {
        func placeholders(_ fields: [Field], in section: String) -> [String: JSONValue] {
            Dictionary(uniqueKeysWithValues: fields.map { ($0.name, .string(Template.placeholder($0, example: example($0, in: section)))) })
        }
        let metaPlaceholder = JSONValue.string(Template.placeholder(itemMeta, example: nil))
        var parts: [(String, JSONValue)] = [("meta", .object(placeholders(metaFields, in: "meta")))]
        var meeting = placeholders(MeetingHeld.fields, in: "meeting")
        meeting["meta"] = metaPlaceholder
        parts.append(("meeting", .object(meeting)))
        for section in sections {
            var item = placeholders(section.fields, in: section.key)
            item["meta"] = metaPlaceholder
            parts.append((section.key, [.object(item)]))
        }
        let members = parts.map { key, value in
            "  " + CanonicalJSON.string(.string(key)) + ": " + value.prettyString().replacingOccurrences(of: "\n", with: "\n  ")
        }
        return "{\n" + members.joined(separator: ",\n") + "\n}"
    }
}
