import ActaEvents
import ActaLog

/// The OCPS views, as the engine's runner keeps them.
///
///     let log = try EventLog.open(at: path, catalog: OCPSCatalog(), projections: OCPSProjections())
public struct OCPSProjections: ProjectionDomain {
    /// The views' projections (`ViewCatalog.all`), then the reader's access tokens and the
    /// background index of recorded source conflicts that the views read.
    public static let all: [any Projection] = ViewCatalog.all.map(\.projection) + [AccessProjection(), ConflictsProjection()]

    public static var names: [String] { all.map(\.name) }

    public init() {}

    public var projections: [any Projection] { Self.all }

    private let catalog = OCPSCatalog()

    public func decode(_ entry: Entry) throws -> any Sendable {
        try catalog.decode(entry)
    }

    public var correctionTypes: Set<String> { [EntryCorrected.type, EntryRetracted.type] }

    public func correction(in value: any Sendable) -> Correction? {
        switch value {
        case let c as EntryCorrected: Correction(corrects: Int64(c.corrects), changes: c.changes, reason: c.reason)
        case let r as EntryRetracted: Correction(corrects: Int64(r.position), retracts: true, reason: r.reason)
        default: nil
        }
    }
}

/// Where a fact in a view comes from: the log position, the event's id, the recorded source,
/// and whether the event says it is inferred (`meta.inferred`) or disputed (`meta.conflict`).
public struct Provenance: Codable, Sendable, Equatable {
    public var position: Int64
    /// The event's id: a ``SourceConflictNoted`` names the event it disputes by id.
    public var id: String?
    public var source: String?
    public var corrected: [Int64]?
    /// True when the event's meta marks it inferred (nil otherwise).
    public var inferred: Bool?
    /// True when the event's meta says a source disputes it (nil otherwise).
    public var conflict: Bool?

    public init(_ event: ProjectedEvent) {
        position = event.entry.position
        id = event.entry.id
        if event.entry.meta != "{}" {
            let meta = event.entry.metaValue()
            source = meta["source"]?.stringValue
            inferred = meta["inferred"] == .bool(true) ? true : nil
            conflict = meta["conflict"] == .bool(true) ? true : nil
        }
        corrected = event.correctedBy.isEmpty ? nil : event.correctedBy
    }
}

extension Int {
    /// Zero-padded, so keys sort in number order.
    func padded(_ width: Int) -> String {
        let s = String(self)
        let n = s.utf8.count  // digits and a sign: one byte each, no need to count characters
        return n >= width ? s : String(repeating: "0", count: width - n) + s
    }
}

extension Int64 {
    func padded(_ width: Int) -> String { Int(self).padded(width) }
}

/// View keys such as `outcome/conference/000004/0002`, written in one allocation: a
/// rebuild makes one for each of a million records, and interpolating them was a fifth of
/// making a decision's record.
enum ViewKey {
    /// `prefix/part/a[/b]`, `a` and `b` zero-padded to widths `wa` and `wb`; the same text as
    /// `"\(prefix)/\(part)/\(a.padded(wa))/\(b.padded(wb))"`.
    static func make(_ prefix: StaticString, _ part: String, _ a: Int, _ wa: Int, _ b: Int? = nil, _ wb: Int = 0) -> String {
        guard a >= 0, (b ?? 0) >= 0 else {  // a sign: the plain way
            return "\(prefix)/\(part)/\(a.padded(wa))" + (b.map { "/\($0.padded(wb))" } ?? "")
        }
        let capacity = prefix.utf8CodeUnitCount + part.utf8.count + max(wa, 19) + max(wb, 19) + 4
        return String(unsafeUninitializedCapacity: capacity) { out in
            var i = 0
            func put(_ byte: UInt8) { out[i] = byte; i += 1 }
            func number(_ n: Int, _ width: Int) {
                var digits = 1, rest = n / 10
                while rest > 0 { digits += 1; rest /= 10 }
                for _ in digits..<max(width, digits) { put(UInt8(ascii: "0")) }
                var value = n
                for k in stride(from: digits - 1, through: 0, by: -1) {
                    out[i + k] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                i += digits
            }
            for byte in UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount) { put(byte) }
            put(UInt8(ascii: "/"))
            for byte in part.utf8 { put(byte) }
            put(UInt8(ascii: "/"))
            number(a, wa)
            if let b {
                put(UInt8(ascii: "/"))
                number(b, wb)
            }
            return i
        }
    }
}

extension Provenance: JSONRecord {
    public func writeMembers(to object: inout JSONObjectWriter) {
        object.member("conflict", conflict)
        object.member("corrected", corrected)
        object.member("id", id)
        object.member("inferred", inferred)
        object.member("position", position)
        object.member("source", source)
    }
}
