import ActaLog

/// One field of an event type in the catalog: its name, what it holds, whether it is
/// required, and what it means. Validation, `acta types` and `field=value` parsing all
/// read these.
public struct Field: Sendable {
    public indirect enum Kind: Sendable, CustomStringConvertible {
        case text
        /// An ISO 8601 calendar date, `YYYY-MM-DD`.
        case date
        /// An ISO 3166-1 alpha-2 country code, upper case.
        case country
        case integer(min: Int, max: Int)
        case boolean
        case enumeration([String])
        case list(Kind)
        /// A JSON object, never empty (a correction's changed fields).
        case object

        public var description: String {
            switch self {
            case .text: "text"
            case .date: "date (YYYY-MM-DD)"
            case .country: "country (ISO 3166-1 alpha-2)"
            case .integer(let min, let max): max == Int.max ? "integer ≥ \(min)" : "integer \(min)…\(max)"
            case .boolean: "boolean"
            case .enumeration(let values): "one of " + values.joined(separator: ", ")
            case .list(let kind): "list of \(kind)"
            case .object: "JSON object"
            }
        }
    }

    public let name: String
    public let kind: Kind
    public let required: Bool
    public let doc: String

    public init(_ name: String, _ kind: Kind, required: Bool = true, _ doc: String) {
        self.name = name
        self.kind = kind
        self.required = required
        self.doc = doc
    }

    /// Longest text value accepted in any field.
    public static let maxTextBytes = 8_192

    /// How much of a date is known: `day` (the default), `month` (the date is the 1st of the
    /// month it stands for) or `year` (January 1st).
    public static let precisions = ["day", "month", "year"]

    /// Checks an event's data against `fields`: unknown fields, then required fields, then
    /// each field's kind. A null counts as absent.
    public static func check(_ data: [String: JSONValue], against fields: [Field], type: String) throws {
        _ = try checked(data, against: fields, type: type)
    }

    /// ``check(_:against:type:)``, returning the checked data in the order of `fields`.
    ///
    /// The data's members are matched to the fields by name, once each: no lookups by hash,
    /// which on a replay of a large log were a good part of decoding an event.
    public static func checked(_ data: [String: JSONValue], against fields: [Field], type: String) throws -> EventData {
        var values = [JSONValue?](repeating: nil, count: fields.count)
        var unknown: [String] = []
        for (key, value) in data {
            guard let i = fields.firstIndex(where: { $0.name == key }) else {
                unknown.append(key)
                continue
            }
            values[i] = value
        }
        return try checked(values, unknown: unknown, against: fields, type: type)
    }

    /// Checks data already parsed into the order of `fields` (``JSONParser/parseMembers(_:slots:slot:)``),
    /// with the keys that are not fields in `unknown`.
    public static func checked(_ values: [JSONValue?], unknown: [String], against fields: [Field], type: String) throws -> EventData {
        if let first = unknown.min() {
            throw ActaError(
                .invalidInput,
                "\(type).\(first.prefix(60)): unknown field; the fields are \(fields.map(\.name).joined(separator: ", ")) (see `acta types \(type)`)"
            )
        }
        for (i, field) in fields.enumerated() {
            guard let value = values[i], value != .null else {
                if field.required { throw ActaError(.invalidInput, "\(type).\(field.name): required field is missing (\(field.kind))") }
                continue
            }
            try field.validate(value, in: type)
        }
        return EventData(fields: fields, values: values)
    }

    /// Checks `value` against the field's kind; the error names the field.
    public func validate(_ value: JSONValue, in type: String) throws {
        try Field.check(value, kind, path: name, type: type)
    }

    static func check(_ value: JSONValue, _ kind: Kind, path: String, type: String) throws {
        func fail(_ why: String) -> ActaError { ActaError(.invalidInput, "\(type).\(path): \(why)") }
        switch kind {
        case .text:
            guard case .string(let s) = value else { throw fail("expected text, got \(value.kindName)") }
            guard s.utf8.count <= maxTextBytes else { throw fail("longer than \(maxTextBytes) bytes") }
            // One pass over the bytes: in UTF-8 every byte of a multi-byte character is >= 0x80,
            // so control characters and ASCII letters are found byte by byte.
            func scanBytes(_ bytes: some Sequence<UInt8>) -> (control: Bool, visible: Bool) {
                var visible = false
                for byte in bytes {
                    if (byte < 0x20 && byte != 0x0A && byte != 0x09) || byte == 0x7F { return (true, visible) }
                    if byte > 0x20 && byte < 0x7F { visible = true }
                }
                return (false, visible)
            }
            // Eight bytes at a time while all are printable ASCII (0x20…0x7E), then byte by byte.
            func scanWords(_ bytes: UnsafeBufferPointer<UInt8>) -> (control: Bool, visible: Bool) {
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highs: UInt64 = 0x8080_8080_8080_8080
                var i = 0
                var visible = false
                while i + 8 <= bytes.count {
                    let w = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    let below = (w &- ones &* 0x20) & ~w & highs  // a byte below 0x20
                    let above = ((w &+ ones) | w) & highs  // a byte above 0x7E
                    guard below | above == 0 else { break }
                    if w != ones &* 0x20 { visible = true }
                    i += 8
                }
                let rest = scanBytes(UnsafeBufferPointer(rebasing: bytes[i...]))
                return (rest.control, visible || rest.visible)
            }
            let (control, visible) = s.utf8.withContiguousStorageIfAvailable { scanWords($0) } ?? scanBytes(s.utf8)
            if control { throw fail("contains control characters") }
            if !visible {
                guard s.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw fail("is empty") }
            }
        case .date:
            guard case .string(let s) = value else { throw fail("expected a date YYYY-MM-DD, got \(value.kindName)") }
            if let problem = Timestamp.dateProblem(s) { throw fail(problem) }
        case .country:
            guard case .string(let s) = value else { throw fail("expected a country code, got \(value.kindName)") }
            guard Countries.isCode(s) else {
                let hint = Countries.meant(by: s).map { ": did you mean \($0)?" } ?? " (e.g. RS, MK, IT)"
                throw fail("\"\(s.prefix(20))\" is not an ISO 3166-1 alpha-2 country code\(hint)")
            }
        case .integer(let min, let max):
            guard let n = value.intValue else { throw fail("expected an integer, got \(value.kindName == "number" ? "a fraction" : value.kindName)") }
            guard n >= min, n <= max else { throw fail("\(n) is out of range (\(kind))") }
        case .boolean:
            guard case .bool = value else { throw fail("expected true or false, got \(value.kindName)") }
        case .enumeration(let values):
            guard case .string(let s) = value else { throw fail("expected one of \(values.joined(separator: ", ")), got \(value.kindName)") }
            guard values.contains(s) else { throw fail("\"\(s.prefix(40))\" is not one of \(values.joined(separator: ", "))") }
        case .list(let inner):
            guard case .array(let items) = value else { throw fail("expected a list, got \(value.kindName)") }
            guard items.count <= 1000 else { throw fail("more than 1000 items") }
            for (i, item) in items.enumerated() { try check(item, inner, path: "\(path)[\(i)]", type: type) }
        case .object:
            guard case .object(let object) = value else { throw fail("expected a JSON object, got \(value.kindName)") }
            guard !object.isEmpty else { throw fail("is an empty object") }
        }
    }
}
