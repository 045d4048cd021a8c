/// A ``NewEvent`` checked, canonicalised, hashed and compressed: everything an append needs
/// except what only the log knows (position, version, recorded time, leaf and chain hashes).
/// Preparing touches no database, so batches prepare in parallel.
///
/// A class, immutable once made: an append lends it to the session, the rules and the row
/// batch, and a struct of this many strings and arrays was copied whole at each of those
/// calls (the compiler cannot lend a value read from a buffer to a function that may write
/// memory), a tenth of the appending thread's time in an import.
final class PreparedEvent: Sendable {
    /// The client's id (which makes the append idempotent), or a fresh UUIDv7.
    let id: String
    let clientID: Bool
    let type: String
    let stream: String
    let schema: Int64
    /// Given or from the data; today when neither (``occurredByDefault``).
    let occurred: String
    /// Neither given nor in the data: `occurred` is today unless the stream's state gives
    /// the day (``StreamState/occurred(of:)``).
    let occurredByDefault: Bool
    let actor: String
    let meta: String
    let data: [UInt8]
    let dataHash: String
    let payload: [UInt8]
    /// 1: a plain LZ4 frame; 2: an LZ4 frame compressed against ``dictionary``.
    let codec: Int64
    let dictionary: LZ4Dictionary?
    let expectedVersion: ExpectedVersion?
    /// The catalog's decoded value, for its ``StreamRules``.
    let value: (any Sendable)?

    init(
        id: String,
        clientID: Bool,
        type: String,
        stream: String,
        schema: Int64,
        occurred: String,
        occurredByDefault: Bool,
        actor: String,
        meta: String,
        data: [UInt8],
        dataHash: String,
        payload: [UInt8],
        codec: Int64,
        dictionary: LZ4Dictionary?,
        expectedVersion: ExpectedVersion?,
        value: (any Sendable)?
    ) {
        self.id = id
        self.clientID = clientID
        self.type = type
        self.stream = stream
        self.schema = schema
        self.occurred = occurred
        self.occurredByDefault = occurredByDefault
        self.actor = actor
        self.meta = meta
        self.data = data
        self.dataHash = dataHash
        self.payload = payload
        self.codec = codec
        self.dictionary = dictionary
        self.expectedVersion = expectedVersion
        self.value = value
    }

    /// This event at another schema, with the value decoded at it: an exported entry
    /// restored as it was written.
    func restored(schema: Int64, value: (any Sendable)?) -> PreparedEvent {
        PreparedEvent(
            id: id,
            clientID: clientID,
            type: type,
            stream: stream,
            schema: schema,
            occurred: occurred,
            occurredByDefault: occurredByDefault,
            actor: actor,
            meta: meta,
            data: data,
            dataHash: dataHash,
            payload: payload,
            codec: codec,
            dictionary: dictionary,
            expectedVersion: expectedVersion,
            value: value
        )
    }
}

/// The documented limits on what one event may hold.
public enum Limits {
    /// Largest canonical JSON data of one event: 64 KiB.
    public static let maxDataBytes = 65_536
    /// Largest canonical JSON meta of one event: 4 KiB.
    public static let maxMetaBytes = 4_096
    /// Longest stream name, type name and actor, in bytes.
    public static let maxStreamBytes = 200
    public static let maxTypeBytes = 100
    public static let maxActorBytes = 200
    /// Longest line `acta import` reads: 1 MiB.
    public static let maxLineBytes = 1_048_576
}

extension PreparedEvent {
    /// - Parameters:
    ///   - checksMeta: whether meta's text is checked (``checkMetaText(_:)``): for every new
    ///     event; not for a restored one, whose hashes fix the bytes it had.
    ///   - canonicalData: `event.data` already in canonical form, as the input held it
    ///     (``CanonicalJSON/isCanonical(_:)``); nil: encoded here.
    static func prepare(
        _ event: NewEvent,
        catalog: any EventCatalog,
        dictionary: LZ4Dictionary? = nil,
        checksMeta: Bool = true,
        canonicalData: [UInt8]? = nil
    ) throws -> PreparedEvent {
        try checkName(event.type, what: "type", max: Limits.maxTypeBytes, allowed: { isAlnum($0) }, firstLetter: true)
        if let stream = event.stream { try checkStream(stream) }
        try checkText(event.actor, what: "actor", max: Limits.maxActorBytes)
        var id: String? = nil
        if let given = event.id {
            guard let normalized = EventID.normalize(given) else {
                throw ActaError.invalid("id \"\(given.prefix(60))\" is not a UUID (8-4-4-4-12 hex digits)")
            }
            id = normalized
        }
        guard case .object(let fields) = event.data else {
            throw ActaError.invalid("data must be a JSON object, not \(event.data.kindName)")
        }
        let validated = try catalog.validate(type: event.type, data: fields)
        let stream = try stream(given: event.stream, derived: validated.stream, type: event.type)
        let data = canonicalData ?? CanonicalJSON.encode(event.data)
        assert(canonicalData == nil || canonicalData == CanonicalJSON.encode(event.data), "bytes taken as canonical are not")
        guard data.count <= Limits.maxDataBytes else {
            throw ActaError.invalid("data is \(data.count) bytes; the limit is \(Limits.maxDataBytes) bytes")
        }
        if checksMeta { try checkMetaText(event.meta) }
        let meta = CanonicalJSON.string(.object(event.meta))
        guard meta.utf8.count <= Limits.maxMetaBytes else {
            throw ActaError.invalid("meta is \(meta.utf8.count) bytes; the limit is \(Limits.maxMetaBytes) bytes")
        }
        let given = event.occurred ?? validated.occurred
        let occurred = given ?? Timestamp.today()
        guard Timestamp.isDateOrDateTime(occurred) else {
            throw ActaError.invalid("occurred \"\(occurred.prefix(40))\" is not a date (YYYY-MM-DD) or RFC 3339 date-time")
        }
        let payload: [UInt8]
        do { payload = try LZ4Frame.compress(data, dictionary: dictionary) } catch { throw ActaError(.io, "\(error)") }
        return PreparedEvent(
            id: id ?? EventID.make(),
            clientID: id != nil,
            type: event.type,
            stream: stream,
            schema: validated.schema,
            occurred: occurred,
            occurredByDefault: given == nil,
            actor: event.actor,
            meta: meta,
            data: data,
            dataHash: Hex.encode(Digest.sha256(data)),
            payload: payload,
            codec: dictionary == nil ? 1 : 2,
            dictionary: dictionary,
            expectedVersion: event.expectedVersion,
            value: validated.value
        )
    }

    /// The stream an event goes on: the one its data puts it on, which a stream given must
    /// equal; or, when the catalog derives none, the one given.
    private static func stream(given: String?, derived: String?, type: String) throws -> String {
        switch (given, derived) {
        case (let given?, let derived?) where given != derived:
            throw ActaError.invalid("stream \(given) is not the stream \(type)'s data puts it on, \(derived); give \(derived) or no stream")
        case (_, let derived?):
            try checkStream(derived)
            return derived
        case (let given?, nil):
            return given
        case (nil, nil):
            throw ActaError.invalid("no stream given, and the catalog derives none for \(type)")
        }
    }

    private static func checkStream(_ stream: String) throws {
        try checkName(stream, what: "stream", max: Limits.maxStreamBytes, allowed: isStreamByte, firstLetter: false)
    }

    private static func isStreamByte(_ b: UInt8) -> Bool {
        switch b {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "@"),
            UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    private static func isAlnum(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    private static func checkName(
        _ name: String,
        what: String,
        max: Int,
        allowed: (UInt8) -> Bool,
        firstLetter: Bool
    ) throws {
        guard !name.isEmpty else { throw ActaError.invalid("\(what) is empty") }
        guard name.utf8.count <= max else { throw ActaError.invalid("\(what) is longer than \(max) bytes") }
        guard name.utf8.allSatisfy(allowed) else {
            throw ActaError.invalid("\(what) \"\(name.prefix(60))\" has characters outside A-Z a-z 0-9\(firstLetter ? "" : " . _ : / @ -")")
        }
        if firstLetter, let f = name.utf8.first, !(f >= 0x41 && f <= 0x5A || f >= 0x61 && f <= 0x7A) {
            throw ActaError.invalid("\(what) \"\(name.prefix(60))\" must start with a letter")
        }
    }

    /// Meta is plain text, as `--source` is: no key or string in it (at any depth) holds a
    /// control character (``DisplayText/isControl(_:)``: ESC, an OSC sequence's bytes, a
    /// newline), whichever way the event comes (append, import, the reader's tokens).
    static func checkMetaText(_ meta: [String: JSONValue]) throws {
        func check(_ value: JSONValue, _ path: String) throws {
            switch value {
            case .string(let s):
                if s.unicodeScalars.contains(where: DisplayText.isControl) {
                    throw ActaError.invalid("\(path) contains control characters (meta is plain text, as --source)")
                }
            case .array(let items):
                for (i, item) in items.enumerated() { try check(item, "\(path)[\(i)]") }
            case .object(let members):
                for (key, member) in members {
                    let shown = DisplayText.escaped(String(key.prefix(40)))
                    if key.unicodeScalars.contains(where: DisplayText.isControl) {
                        throw ActaError.invalid("\(path) has a key \"\(shown)\" with control characters (meta is plain text, as --source)")
                    }
                    try check(member, "\(path).\(shown)")
                }
            default: return
            }
        }
        try check(.object(meta), "meta")
    }

    static func checkText(_ text: String, what: String, max: Int) throws {
        guard !text.isEmpty else { throw ActaError.invalid("\(what) is empty") }
        guard text.utf8.count <= max else { throw ActaError.invalid("\(what) is longer than \(max) bytes") }
        // Control characters are ASCII, one UTF-8 byte each, and no other byte is below 0x80.
        guard !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw ActaError.invalid("\(what) contains control characters")
        }
    }
}
