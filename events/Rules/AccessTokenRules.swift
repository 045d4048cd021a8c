/// `access/<name>`: the reader's access token of one name.
///
/// - issued only when no token of the name is active; revoked only when one is.
struct AccessTokenRules: Aggregate {
    var active: Int64?

    mutating func evolve(_ fact: Fact) {
        switch fact.event {
        case is AccessTokenIssued: active = fact.position
        case is AccessTokenRevoked: active = nil
        default: break
        }
    }

    func decide(_ fact: Fact, _ register: Register) throws {
        switch fact.event {
        case is AccessTokenIssued:
            if let active { throw refusal("a token of this name is active, issued at position \(active): revoke it first or choose another name") }
        case is AccessTokenRevoked:
            if active == nil { throw refusal("no token of this name is active on \(fact.stream)") }
        default:
            break
        }
    }
}
