/// The stream states a writer's last committed short transaction left, for its next one:
/// used only while the log's head is still the one that transaction wrote (no other
/// writer, in this process or another, has appended since), so that a single append does
/// not read and decode its stream's earlier events again.
///
/// Unchecked: the states are used only inside a write transaction, which the store's queue
/// runs one at a time, and are taken out of the log's mutex while one runs; a transaction
/// that fails or rolls back does not put them back.
struct KeptStreamStates: @unchecked Sendable {
    var position: Int64
    var chain: [UInt8]
    var states: StreamStates

    /// Kept only after a transaction of at most this many appends: an import's states of
    /// every stream would stay in memory as long as the log is open.
    static let limit = 128
}
