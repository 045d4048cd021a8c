import ActaLog

/// The OCPS event catalog: every event type the Secretariat records.
///
///     let log = try EventLog.open(at: path, catalog: OCPSCatalog())
public struct OCPSCatalog: EventCatalog {
    public static let types: [any DomainEvent.Type] = [
        MeetingHeld.self,
        OutcomeAdopted.self,
        MemberInvited.self,
        LegalProvisionsSubmitted.self,
    ]

    private static let byName: [String: any DomainEvent.Type] = Dictionary(uniqueKeysWithValues: types.map { ($0.type, $0) })

    public init() {}

    public static func type(named name: String) -> (any DomainEvent.Type)? { byName[name] }

    public func validate(type: String, data: [String: JSONValue]) throws -> ValidatedData {
        guard let eventType = Self.byName[type] else {
            throw ActaError(.invalidInput, "unknown event type \"\(type.prefix(60))\"; known types: \(Self.types.map { $0.type }.joined(separator: ", ")) (see `acta types`)")
        }
        let value = try eventType.decode(data)
        return ValidatedData(schema: eventType.schema, occurred: value.occurred)
    }
}
