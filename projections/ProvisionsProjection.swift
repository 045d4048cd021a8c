import ActaEvents
import ActaLog

/// Requests for national legal provisions and the submissions that answer them.
public struct ProvisionsProjection: Projection {
    public let name = "provisions"
    /// 2: the meeting and outcome a request comes from; provenance marks.
    public let version = 2
    public init() {}

    public struct Request: Codable, Sendable, Equatable {
        public var request: String
        public var deadline: String
        public var date: String
        public var body: String?
        public var meeting: Int?
        public var ordinal: Int?
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
            try store.put(
                "request/\(r.request)",
                Request(
                    request: r.request,
                    deadline: r.deadline,
                    date: r.date,
                    body: r.body,
                    meeting: r.meeting,
                    ordinal: r.ordinal,
                    provenance: Provenance(event)
                )
            )
        case let s as LegalProvisionsSubmitted:
            try store.put(
                "submission/\(s.country)/\(s.date)/\(event.entry.position.padded(12))",
                Submission(
                    country: s.country,
                    office: s.office,
                    date: s.date,
                    documents: s.documents,
                    request: s.request,
                    provenance: Provenance(event)
                )
            )
        default: return
        }
    }
}

/// For each request: the offices due to answer (the countries that were members on the
/// request's date), who submitted when, on time or late, and who is missing.
public struct ProvisionsView: Codable, Sendable {
    public struct Answer: Codable, Sendable, Equatable, Marked {
        public var country: String
        public var office: String
        public var date: String
        public var onTime: Bool
        public var documents: [String]
        /// False for a country that was not a member on the request's date (it answered anyway).
        public var due: Bool
        public var position: Int64
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    public struct RequestStatus: Codable, Sendable, Equatable, Marked {
        public var request: String
        public var requested: String
        public var deadline: String
        /// The meeting's outcome it comes from, e.g. `conference 4 #3`.
        public var outcome: String?
        /// The countries that were members on the request's date: those it is due from.
        public var dueFrom: [String]
        public var submitted: [Answer]
        /// Countries due that have not submitted by `asOf`.
        public var missing: [String]
        /// How many of those due have answered.
        public var answered: Int
        public var inferred: Bool?
        public var conflicts: [Int64]?
    }

    public var asOf: String
    public var requests: [RequestStatus]
    /// Submissions that answer no recorded request.
    public var other: [Answer]

    public init(_ store: ViewStore, asOf: String) throws {
        self.asOf = asOf
        let conflicts = try ConflictIndex(store)
        let submissions = try store.all(view: "provisions", prefix: "submission/", as: ProvisionsProjection.Submission.self).map(\.value).filter {
            $0.date <= asOf
        }
        let requests = try store.all(view: "provisions", prefix: "request/", as: ProvisionsProjection.Request.self).map(\.value).filter {
            $0.date <= asOf
        }
        let known = Set(requests.map(\.request))
        // A submission naming no request answers the only request, when there is one.
        func answers(_ s: ProvisionsProjection.Submission, _ r: ProvisionsProjection.Request) -> Bool {
            s.request == r.request || (s.request == nil && requests.count == 1)
        }
        func answer(_ s: ProvisionsProjection.Submission, onTime: Bool, due: Bool) -> Answer {
            var a = Answer(
                country: s.country,
                office: s.office,
                date: s.date,
                onTime: onTime,
                documents: s.documents,
                due: due,
                position: s.provenance.position
            )
            a.marks = conflicts.marks(s.provenance)
            return a
        }
        var statuses: [RequestStatus] = []
        for r in requests.sorted(by: { $0.date < $1.date }) {
            let due = try MembersView(store, asOf: r.date).memberCountries
            let answered = submissions.filter { answers($0, r) }.sorted { $0.date < $1.date }
            let submittedCountries = Set(answered.map(\.country))
            var status = RequestStatus(
                request: r.request,
                requested: r.date,
                deadline: r.deadline,
                outcome: r.body.flatMap { body in r.meeting.map { "\(body) \($0)" + (r.ordinal.map { " #\($0)" } ?? "") } },
                dueFrom: due,
                submitted: answered.map { answer($0, onTime: $0.date <= r.deadline, due: due.contains($0.country)) },
                missing: due.filter { !submittedCountries.contains($0) },
                answered: due.filter { submittedCountries.contains($0) }.count
            )
            status.marks = conflicts.marks(r.provenance)
            statuses.append(status)
        }
        self.requests = statuses
        other = submissions.filter { s in s.request.map { !known.contains($0) } ?? (requests.count != 1) }.map {
            answer($0, onTime: true, due: false)
        }
    }

    /// The status of the request made by outcome `ordinal` of `body` meeting `meeting`.
    public func request(body: String, meeting: Int, ordinal: Int) -> RequestStatus? {
        requests.first { $0.outcome == "\(body) \(meeting) #\(ordinal)" }
    }

    public func render() -> String {
        var out = "National legal provisions as of \(asOf)\n"
        if requests.isEmpty && other.isEmpty { return out + "\nno requests recorded\n" }
        for r in requests {
            out +=
                "\nRequest \(r.request)\(r.outcome.map { " (\($0))" } ?? "") of \(r.requested), due \(r.deadline) from the \(r.dueFrom.count) members then: "
            out += "\(r.answered) of \(r.dueFrom.count) answered, \(r.missing.count) missing\(r.marks.text)\n"
            var t = TextTable(["COUNTRY", "OFFICE", "SUBMITTED", "ON TIME", "DOCUMENTS", "MARKS"])
            for a in r.submitted {
                t.add([
                    a.country + (a.due ? "" : " (not due)"), a.office, a.date, a.onTime ? "on time" : "late", a.documents.joined(separator: "; "),
                    a.marks.label,
                ])
            }
            if !r.submitted.isEmpty { out += t.render() }
            if !r.missing.isEmpty { out += "missing: \(r.missing.joined(separator: ", "))\n" }
        }
        if !other.isEmpty {
            out += "\nSubmissions answering no recorded request\n"
            for a in other { out += "  \(a.country) \(a.office) \(a.date): \(a.documents.joined(separator: "; "))\(a.marks.text)\n" }
        }
        return out
    }
}
