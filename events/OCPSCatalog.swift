import ActaLog

/// The OCPS event catalog: every event type the Secretariat records.
///
///     let log = try EventLog.open(at: path, catalog: OCPSCatalog())
///     let meeting = try OCPSCatalog().decode(entry) as? MeetingHeld
public struct OCPSCatalog: EventCatalog {
    public static let types: [any DomainEvent.Type] = [
        DeclarationSigned.self,
        MeetingHeld.self,
        OutcomeAdopted.self,
        HostDesignated.self,
        HostApproached.self,
        MemberInvited.self,
        IntentToJoinAnnounced.self,
        MemberJoined.self,
        MemberLeft.self,
        MembershipReported.self,
        BoardSeatFilled.self,
        BoardSeatVacated.self,
        SecretariatHosted.self,
        StaffAppointed.self,
        StaffLeft.self,
        ActionItemOpened.self,
        DeadlineChanged.self,
        ActionItemClosed.self,
        LegalProvisionsRequested.self,
        LegalProvisionsSubmitted.self,
        SourceConflictNoted.self,
        EntryCorrected.self,
        EntryRetracted.self,
        AccessTokenIssued.self,
        AccessTokenRevoked.self,
    ]

    private static let byName: [String: any DomainEvent.Type] = Dictionary(uniqueKeysWithValues: types.map { ($0.type, $0) })

    public init() {}

    /// The built-in compression dictionary (``CompressionDictionary``).
    public var compressionDictionary: [UInt8]? { CompressionDictionary.bytes }

    public static func type(named name: String) -> (any DomainEvent.Type)? { byName[name] }

    /// The type named `name`, or an error listing the known types.
    public static func require(_ name: String) throws -> any DomainEvent.Type {
        guard let eventType = byName[name] else {
            if let meant = Suggestion.closest(to: name, among: types.map { $0.type }) {
                throw ActaError(.invalidInput, "unknown event type \"\(name.prefix(60))\": did you mean \(meant)? (see `acta types`)")
            }
            throw ActaError(
                .invalidInput,
                "unknown event type \"\(name.prefix(60))\"; known types: \(types.map { $0.type }.joined(separator: ", ")) (see `acta types`)"
            )
        }
        return eventType
    }

    /// The register's rules: every stream an aggregate (``OCPSRules``).
    public var rules: (any StreamRules)? { OCPSRules() }

    /// New appends are checked at the current schema, which is the one recorded; the data
    /// names the stream.
    public func validate(type: String, data: [String: JSONValue]) throws -> ValidatedData {
        let eventType = try Self.require(type)
        try Template.refusePlaceholders(data, of: eventType)
        try HiddenControls.refuse(in: data, of: eventType)
        let value = try eventType.decode(data)
        return ValidatedData(schema: eventType.schema, occurred: value.occurred, stream: value.stream, value: value)
    }

    /// Reads data recorded at `schema`: upcasts it to the type's current schema, then checks
    /// and decodes it. A schema newer than this catalog's is refused.
    public func decode(type: String, schema: Int64, data: [String: JSONValue]) throws -> any DomainEvent {
        let eventType = try Self.require(type)
        return try eventType.decode(try eventType.upcast(data, from: schema))
    }

    /// Decodes a logged entry at its recorded schema; errors start with its position.
    public func decode(_ entry: Entry) throws -> any DomainEvent {
        do {
            if let eventType = Self.byName[entry.type], entry.schema == eventType.schema,
                let event = try eventType.decode(currentSchemaData: entry.data)
            {
                return event
            }
            let value: JSONValue
            do { value = try JSONParser.parse(entry.data) } catch { throw ActaError(.invalidInput, "\(error)") }
            guard case .object(let data) = value else {
                throw ActaError(.invalidInput, "data is \(value.kindName), not a JSON object")
            }
            return try decode(type: entry.type, schema: entry.schema, data: data)
        } catch let error as ActaError {
            throw error.at(.position(entry.position))
        }
    }
}
