import ActaEvents
import ActaLog

/// Requests for national legal provisions and the submissions that answer them.
public struct ProvisionsProjection: Projection {
    public let name = "provisions"
    public let version = 1
    public init() {}

    public struct Request: Codable, Sendable, Equatable {
        public var request: String
        public var deadline: String
        public var date: String
        public var provenance: Provenance
    }

    public struct Submission: Codable, Sendable, Equatable {
        public var country: String
        public var office: String
        public var date: String
        public var documents: [String]
        public var request: String?
        public var provenance: Provenance
    }

    public func wants(_ type: String) -> Bool {
        type == LegalProvisionsRequested.type || type == LegalProvisionsSubmitted.type
    }

    public func apply(_ event: ProjectedEvent, to store: ViewStore) throws {
        switch event.value {
        case let r as LegalProvisionsRequested:
            try store.put("request/\(r.request)", Request(request: r.request, deadline: r.deadline, date: r.date, provenance: Provenance(event)))
        case let s as LegalProvisionsSubmitted:
            try store.put(
                "submission/\(s.country)/\(s.date)/\(event.entry.position.padded(12))",
                Submission(country: s.country, office: s.office, date: s.date, documents: s.documents, request: s.request, provenance: Provenance(event)))
        default: return
        }
    }
}

/// For each request: who submitted when, on time or late, and which members are missing.
public struct ProvisionsView: Codable, Sendable {
    public struct Answer: Codable, Sendable, Equatable {
        public var country: String
        public var office: String
        public var date: String
        public var onTime: Bool
        public var documents: [String]
    }

    public struct RequestStatus: Codable, Sendable, Equatable {
        public var request: String
        public var requested: String
        public var deadline: String
        public var submitted: [Answer]
        public var missing: [String]
    }

    public var asOf: String
    public var requests: [RequestStatus]
    /// Submissions that answer no recorded request.
    public var other: [Answer]

    public init(_ store: ViewStore, asOf: String) throws {
        self.asOf = asOf
        let members = try MembersView(store, asOf: asOf).memberCountries
        let submissions = try store.all(view: "provisions", prefix: "submission/", as: ProvisionsProjection.Submission.self).map(\.value).filter { $0.date <= asOf }
        let requests = try store.all(view: "provisions", prefix: "request/", as: ProvisionsProjection.Request.self).map(\.value).filter { $0.date <= asOf }
        let known = Set(requests.map(\.request))
        // A submission naming no request answers the only request, when there is one.
        func answers(_ s: ProvisionsProjection.Submission, _ r: ProvisionsProjection.Request) -> Bool {
            s.request == r.request || (s.request == nil && requests.count == 1)
        }
        self.requests = requests.sorted { $0.date < $1.date }.map { r in
            let answered = submissions.filter { answers($0, r) }.sorted { $0.date < $1.date }
            let answers = answered.map { Answer(country: $0.country, office: $0.office, date: $0.date, onTime: $0.date <= r.deadline, documents: $0.documents) }
            let submittedCountries = Set(answered.map(\.country))
            return RequestStatus(request: r.request, requested: r.date, deadline: r.deadline, submitted: answers, missing: members.filter { !submittedCountries.contains($0) })
        }
        other = submissions.filter { s in s.request.map { !known.contains($0) } ?? (requests.count != 1) }
            .map { Answer(country: $0.country, office: $0.office, date: $0.date, onTime: true, documents: $0.documents) }
    }

    public func render() -> String {
        var out = "National legal provisions as of \(asOf)\n"
        if requests.isEmpty && other.isEmpty { return out + "\nno requests recorded\n" }
        for r in requests {
            out += "\nRequest \(r.request) of \(r.requested), due \(r.deadline): \(r.submitted.count) submitted, \(r.missing.count) missing\n"
            var t = TextTable(["COUNTRY", "OFFICE", "SUBMITTED", "ON TIME", "DOCUMENTS"])
            for a in r.submitted { t.add([a.country, a.office, a.date, a.onTime ? "yes" : "late", a.documents.joined(separator: "; ")]) }
            if !r.submitted.isEmpty { out += t.render() }
            if !r.missing.isEmpty { out += "missing: \(r.missing.joined(separator: ", "))\n" }
        }
        return out
    }
}
