/// `secretariat`: the office hosting the Secretariat.
///
/// - a new host names the office it takes over from (`predecessor`), which must be the
///   host the register shows; the first host names none.
struct SecretariatHostRules: Aggregate {
    var host: (office: String, country: String, position: Int64, from: String)?

    mutating func evolve(_ fact: Fact) {
        if let hosted = fact.event as? SecretariatHosted { host = (hosted.office, hosted.country, fact.position, hosted.from) }
    }

    func decide(_ fact: Fact, _ register: Register) throws {
        guard let hosted = fact.event as? SecretariatHosted else { return }
        switch (host, hosted.predecessor) {
        case (let host?, let predecessor) where predecessor != host.office:
            let named = predecessor.map { "the predecessor named, \($0), is not" } ?? "name as predecessor"
            throw refusal(
                "\(named) the office hosting the Secretariat: \(host.office) (\(host.country)) since \(host.from), position \(host.position)"
            )
        case (nil, let predecessor?):
            throw refusal(
                "no office hosts the Secretariat on \(fact.stream), so it takes over from none: record \(predecessor)'s SecretariatHosted first (as inferred, if the sources do not give it), or omit predecessor"
            )
        default:
            break
        }
    }
}

/// `secretariat/staff`: the Secretariat's posts.
///
/// - a person leaves a post only when appointed to it, and is not appointed to a post held;
/// - one head and one deputy head at a time: the one in post leaves first.
struct StaffRules: Aggregate {
    struct Post: Hashable {
        var name: String
        var role: String
    }

    /// Who holds which post, since when and where recorded.
    var posts: [Post: (position: Int64, from: String)] = [:]
    static let singlePosts: Set<String> = ["head", "deputy-head"]

    mutating func evolve(_ fact: Fact) {
        switch fact.event {
        case let appointed as StaffAppointed:
            posts[Post(name: appointed.name, role: appointed.role)] = (fact.position, appointed.from)
        case let left as StaffLeft:
            posts[Post(name: left.name, role: left.role)] = nil
        default:
            break
        }
    }

    func decide(_ fact: Fact, _ register: Register) throws {
        switch fact.event {
        case let appointed as StaffAppointed:
            if let held = posts[Post(name: appointed.name, role: appointed.role)] {
                throw refusal("\(appointed.name) is already \(appointed.role) since \(held.from) (position \(held.position))")
            }
            if Self.singlePosts.contains(appointed.role),
                let (post, held) = posts.first(where: { $0.key.role == appointed.role })
            {
                throw refusal("\(post.name) is \(appointed.role) since \(held.from) (position \(held.position)): record their StaffLeft first")
            }
        case let left as StaffLeft:
            guard posts[Post(name: left.name, role: left.role)] != nil else {
                let holders = posts.filter { $0.key.role == left.role }.sorted { $0.value.position < $1.value.position }
                    .map { "\($0.key.name), position \($0.value.position)" }
                throw refusal(
                    "\(left.name) is not \(left.role) on \(fact.stream) (\(holders.isEmpty ? "nobody is \(left.role)" : "appointed: " + holders.joined(separator: "; ")))"
                )
            }
        default:
            break
        }
    }
}
