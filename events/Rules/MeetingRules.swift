/// `meeting/<body>/<number>`: a meeting, the outcomes it adopted and the designation of its
/// host.
///
/// - a meeting is recorded as held once;
/// - an outcome only for a meeting recorded as held, once per ordinal;
/// - a host is designated, or a country approached about hosting, before the meeting: not
///   on or after the day it was held.
///
/// An outcome recorded without its date occurred on the meeting's start date.
struct MeetingRules: Aggregate {
    var held: (position: Int64, start: String)?
    var outcomes: [Int: Int64] = [:]

    mutating func evolve(_ fact: Fact) {
        // Outcomes first: most of a meeting's events, and a cast that fails costs more.
        switch fact.event {
        case let outcome as OutcomeAdopted where outcomes[outcome.ordinal] == nil:
            outcomes[outcome.ordinal] = fact.position
        case let meeting as MeetingHeld where held == nil:
            held = (fact.position, meeting.start)
        default:
            break
        }
    }

    func decide(_ fact: Fact, _ register: Register) throws {
        switch fact.event {
        case let outcome as OutcomeAdopted:
            guard held != nil else {
                throw refusal("no MeetingHeld is recorded on \(fact.stream): record the meeting before its outcomes")
            }
            if let position = outcomes[outcome.ordinal] {
                throw refusal("outcome \(outcome.ordinal) of this meeting is already recorded at position \(position)")
            }
        case is MeetingHeld:
            if let held { throw refusal("the meeting is already recorded as held at position \(held.position), from \(held.start)") }
        case let designation as HostDesignated:
            try checkBefore(designation.date, "a host is designated before the meeting, and this designation")
        case let approach as HostApproached:
            try checkBefore(approach.date, "a country is approached about hosting before the meeting, and this approach")
        default:
            break
        }
    }

    /// An outcome recorded without its date was adopted on the meeting's first day.
    func occurred(of event: any Sendable) -> String? {
        type(of: event) == OutcomeAdopted.self ? held?.start : nil
    }

    private func checkBefore(_ date: String, _ what: String) throws {
        if let held, held.start <= date {
            throw refusal("the meeting was held from \(held.start) (position \(held.position)); \(what) is dated \(date)")
        }
    }
}
