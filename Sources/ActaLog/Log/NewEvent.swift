/// An event to append, as a client describes it.
public struct NewEvent: Sendable {
    public var type: String
    /// The stream; nil takes the one the catalog derives from the data. Given, it must be
    /// that one.
    public var stream: String?
    public var data: JSONValue
    /// A client-chosen id makes the append idempotent; nil draws a UUIDv7.
    public var id: String?
    /// When it happened: a date or RFC 3339 date-time. Nil takes the catalog's date or today.
    public var occurred: String?
    public var actor: String
    /// A JSON object: `source`, `corrects`, `causation`, …
    public var meta: [String: JSONValue]
    public var expectedVersion: ExpectedVersion?

    public init(
        type: String,
        stream: String? = nil,
        data: JSONValue,
        id: String? = nil,
        occurred: String? = nil,
        actor: String,
        meta: [String: JSONValue] = [:],
        expectedVersion: ExpectedVersion? = nil
    ) {
        self.type = type
        self.stream = stream
        self.data = data
        self.id = id
        self.occurred = occurred
        self.actor = actor
        self.meta = meta
        self.expectedVersion = expectedVersion
    }
}

/// Optimistic concurrency: the version the stream must be at before the append.
public enum ExpectedVersion: Sendable, Equatable, CustomStringConvertible {
    /// The stream must not exist yet.
    case new
    /// The stream's last version must be exactly this (0 means new).
    case exactly(Int64)

    /// Parses `new` or a non-negative integer.
    public init?(_ text: String) {
        if text == "new" {
            self = .new
        } else if let n = Int64(text), n >= 0 {
            self = n == 0 ? .new : .exactly(n)
        } else {
            return nil
        }
    }

    var number: Int64 {
        switch self {
        case .new: 0
        case .exactly(let n): n
        }
    }

    public var description: String {
        switch self {
        case .new: "new"
        case .exactly(let n): String(n)
        }
    }
}

/// What an append did.
public struct AppendResult: Sendable, Equatable {
    public var position: Int64
    public var id: String
    public var stream: String
    public var version: Int64
    /// True when the id was already in the log with identical content: nothing was written.
    public var duplicate: Bool
}
