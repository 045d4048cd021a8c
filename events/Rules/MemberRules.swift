/// `member/<country>`: the country's offices and their memberships. A country can have two
/// member offices (Bulgaria's Specialised Prosecutor's Office left when it was closed in
/// 2022 and the Sofia Appellate Prosecutor's Office joined): each office's membership is
/// its own, by the office's name.
///
/// - an office joins only when it is not a member, leaves only when it is;
/// - an office named in an invitation or an announced intent to join is not a member yet.
struct MemberRules: Aggregate {
    /// Member offices: name → where and when they joined.
    var members: [String: (position: Int64, date: String)] = [:]

    mutating func evolve(_ fact: Fact) {
        switch fact.event {
        case let joined as MemberJoined where members[joined.office] == nil:
            members[joined.office] = (fact.position, joined.date)
        case let left as MemberLeft:
            members[left.office] = nil
        default:
            break
        }
    }

    func decide(_ fact: Fact, _ register: Register) throws {
        switch fact.event {
        case let joined as MemberJoined:
            try refuseMember(joined.office, "record its MemberLeft first")
        case let left as MemberLeft:
            guard members[left.office] != nil else {
                throw refusal("\(left.office) is not a member on \(fact.stream) (\(memberList))")
            }
        case let invited as MemberInvited:
            if let office = invited.office { try refuseMember(office, "so it is not invited") }
        case let intent as IntentToJoinAnnounced:
            if let office = intent.office { try refuseMember(office, "so it does not announce it will join") }
        default:
            break
        }
    }

    private func refuseMember(_ office: String, _ consequence: String) throws {
        if let member = members[office] {
            throw refusal("\(office) is already a member, since \(member.date) (joined at position \(member.position)); \(consequence)")
        }
    }

    private var memberList: String {
        if members.isEmpty { return "no office of the country is a member" }
        let offices = members.sorted { $0.value.position < $1.value.position }.map { "\($0.key), joined at position \($0.value.position)" }
        return "members: " + offices.joined(separator: "; ")
    }
}
