/// `provisions`: the Conference's requests for national legal provisions.
///
/// - a request id (`conference/4#3`) is recorded once.
struct ProvisionsRequestRules: Aggregate {
    static let stream = "provisions"

    /// Requests by id: where recorded, and their deadline.
    var requests: [String: (position: Int64, deadline: String)] = [:]

    mutating func evolve(_ fact: Fact) {
        if let requested = fact.event as? LegalProvisionsRequested, requests[requested.request] == nil {
            requests[requested.request] = (fact.position, requested.deadline)
        }
    }

    func decide(_ fact: Fact, _ register: Register) throws {
        if let requested = fact.event as? LegalProvisionsRequested, let earlier = requests[requested.request] {
            throw refusal("request \(requested.request) is already recorded at position \(earlier.position), due \(earlier.deadline)")
        }
    }
}

/// `provisions/<country>`: a member's submissions.
///
/// - a submission answers a request recorded on stream `provisions`: the one it names, or,
///   naming none, any. The decision reads that stream's state (its own events only,
///   through the same per-transaction cache as the submission's stream), so a request
///   earlier in the same import counts.
struct ProvisionsSubmissionRules: Aggregate {
    mutating func evolve(_ fact: Fact) {}

    func decide(_ fact: Fact, _ register: Register) throws {
        guard let submitted = fact.event as? LegalProvisionsSubmitted else { return }
        let requests = try register.state(ProvisionsRequestRules.self, of: ProvisionsRequestRules.stream)?.requests ?? [:]
        let recorded = requests.isEmpty ? "none is" : "recorded: " + requests.keys.sorted().joined(separator: ", ")
        if let request = submitted.request {
            guard requests[request] != nil else {
                throw refusal("no LegalProvisionsRequested \(request) is recorded on stream \(ProvisionsRequestRules.stream) (\(recorded))")
            }
        } else if requests.isEmpty {
            throw refusal(
                "no LegalProvisionsRequested is recorded on stream \(ProvisionsRequestRules.stream): a submission answers a recorded request"
            )
        }
    }
}
