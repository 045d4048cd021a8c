/// `board/<seat>`: one seat of the Executive Board. The seat an event names is its stream's
/// (the stream is derived from it).
///
/// - a seat held by one country is vacated before another country fills it (filled again by
///   the same country: a new representative);
/// - vacated only when filled, by the country holding it.
struct BoardSeatRules: Aggregate {
    var holder: (country: String, position: Int64, from: String)?

    mutating func evolve(_ fact: Fact) {
        switch fact.event {
        case let filled as BoardSeatFilled:
            holder = (filled.country, fact.position, filled.from)
        case is BoardSeatVacated:
            holder = nil
        default:
            break
        }
    }

    func decide(_ fact: Fact, _ register: Register) throws {
        switch fact.event {
        case let filled as BoardSeatFilled:
            if let holder, holder.country != filled.country {
                throw refusal(
                    "the seat is held by \(holder.country) since \(holder.from) (position \(holder.position)): record its BoardSeatVacated first"
                )
            }
        case let vacated as BoardSeatVacated:
            guard let holder else { throw refusal("the seat is vacant: no country holds it on \(fact.stream)") }
            if holder.country != vacated.country {
                throw refusal("the seat is held by \(holder.country) since \(holder.from) (position \(holder.position)), not by \(vacated.country)")
            }
        default:
            break
        }
    }
}
