/// `action/<item>`: an action item.
///
/// - opened once;
/// - closed (done or cancelled) or its deadline changed only while open.
struct ActionItemRules: Aggregate {
    var opened: (position: Int64, date: String)?
    var closed: (position: Int64, date: String, resolution: String)?

    mutating func evolve(_ fact: Fact) {
        switch fact.event {
        case let open as ActionItemOpened where opened == nil:
            opened = (fact.position, open.date)
        case let close as ActionItemClosed where closed == nil:
            closed = (fact.position, close.date, close.resolution)
        default:
            break
        }
    }

    func decide(_ fact: Fact, _ register: Register) throws {
        switch fact.event {
        case is ActionItemOpened:
            if let opened { throw refusal("the item was already opened at position \(opened.position), on \(opened.date)") }
        case is ActionItemClosed, is DeadlineChanged:
            guard opened != nil else { throw refusal("no ActionItemOpened is recorded on \(fact.stream): open the item first") }
            if let closed {
                throw refusal(
                    "the item was closed at position \(closed.position), on \(closed.date) (\(closed.resolution)); a closed item stays closed"
                )
            }
        default:
            break
        }
    }
}
