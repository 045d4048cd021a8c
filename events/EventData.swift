import ActaLog

/// Typed access to an event's validated data, for the event structs' initialisers.
public struct EventData: Sendable {
    public let fields: [String: JSONValue]
    public init(_ fields: [String: JSONValue]) { self.fields = fields }

    public func string(_ name: String) -> String { fields[name]?.stringValue ?? "" }
    public func optionalString(_ name: String) -> String? { fields[name]?.stringValue }
    public func int(_ name: String) -> Int { fields[name]?.intValue ?? 0 }
    public func optionalInt(_ name: String) -> Int? { fields[name]?.intValue }
    public func bool(_ name: String) -> Bool? { fields[name]?.boolValue }
    public func strings(_ name: String) -> [String] { fields[name]?.arrayValue?.compactMap(\.stringValue) ?? [] }
}
