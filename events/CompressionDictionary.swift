import ActaLog

/// The built-in LZ4 dictionary for OCPS events: what their canonical JSON keeps repeating.
///
/// Small events (a few hundred bytes) do not shrink as frames of their own; compressed
/// against this dictionary they do. It is derived from the catalog — each type's fields in
/// canonical key order with typical values, every enumeration — and the register's usual
/// phrasing, so it changes only when the code does. A store copies it into table
/// `dictionaries` with the first event that uses it; `lz4 -d -D` reads payloads with it.
public enum CompressionDictionary {
    public static let bytes: [UInt8] = build()

    /// Phrases the register's texts repeat. Later bytes are found first: the most common last.
    static let phrasing = [
        "Key outcomes from the Meeting of the Permanent Conference of Organized Crime Prosecutors",
        "the Ministry of Justice", "the OSCE", "an EU Member State", "a non-EU country", "the competent authorities of",
        "with the assistance of the OSCE, an appropriate website or publication will be made",
        "To submit the relevant legal provisions of the national legislation to the Secretariat by ",
        "Invite Greece to join the Permanent Conference of Organized Crime Prosecutors.",
        "To conduct training in financial investigations for prosecutors, police and customs officials from several countries.",
        "organized-crime prosecution office (not named in the sources)", "Specialised Prosecutor's Office",
        "Sofia Appellate Prosecutor's Office", "Prosecutor's Office for Organized Crime", "Executive Board", "Executive Management Board",
        "The Conference adopted the principle of holding permanent conference meetings alternately in a non-EU country and in an EU Member State; ",
        "the Secretariat shall contact the competent authorities. ",
        "the Permanent Conference of Organized Crime Prosecutors", "the Secretariat", "The Secretariat to send a letter to ",
    ]

    static func build() -> [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: phrasing.joined(separator: " ").utf8)
        // Every enumeration value and the member countries, as they appear in JSON.
        var values: [String] = []
        for type in OCPSCatalog.types {
            for field in type.fields { if case .enumeration(let e) = field.kind { values += e } }
        }
        for value in values + ["AT", "AL", "BA", "BG", "HR", "GR", "HU", "IT", "MK", "ME", "RO", "RS", "SI", "DE"] {
            out.append(contentsOf: "\"\(value)\",".utf8)
        }
        // One canonical object per type with typical values, keys in RFC 8785 order.
        for type in OCPSCatalog.types {
            var object: [String: JSONValue] = [:]
            for field in type.fields { object[field.name] = typical(field.kind) }
            CanonicalJSON.write(.object(object), to: &out)
        }
        return Array(out.suffix(LZ4Dictionary.maxBytes))
    }

    static func typical(_ kind: Field.Kind) -> JSONValue {
        switch kind {
        case .text: "the Conference"
        case .date: "2018-06-30"
        case .country: "RS"
        case .integer: 4
        case .boolean: false
        case .enumeration(let values): .string(values.first ?? "")
        case .list(let inner): .array([typical(inner), typical(inner)])
        case .object: .object([:])
        }
    }
}
