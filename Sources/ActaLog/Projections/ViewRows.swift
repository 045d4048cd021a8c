/// The seam between the views and the engine: what ``ProjectionRunner`` and ``ViewStore``
/// do with SQL, inside the caller's transaction. SQLite (``SQLiteViewRows``) and PostgreSQL
/// (``PostgresViewRows``) hold the same tables, `views` (view, key, value JSON) and
/// `view_checkpoints` (view, version, position), and order keys the same way (by their
/// UTF-8 bytes), so the same log folds into the same records on either.
///
/// Records written with ``insert(_:in:)`` may wait in a batch: they are in `views` once
/// ``flushInserts()`` returns; ``ViewStore`` flushes before it reads or deletes.
protocol ViewRows: AnyObject {
    // MARK: The log

    /// The log's last position (0 when empty).
    func head() throws -> Int64
    func dictionaries() throws -> Dictionaries
    /// The events at positions after `start` up to `end`, in order, a batch at a time
    /// (without their hashes: a replay checks none); an empty batch at the end.
    func eventBatches(after start: Int64, through end: Int64) throws -> any EventBatches
    /// The events of these types (an SQL list of literals, ``ProjectionRunner``'s) after
    /// `start` up to `end`, in order.
    func events(ofTypes types: String, after start: Int64, through end: Int64, _ body: (StoredRow) throws -> Void) throws
    /// Whether any event of these types lies after `start`.
    func hasEvent(ofTypes types: String, after start: Int64) throws -> Bool
    /// The events of the streams named `prefix…`, in log order.
    func events(streamsPrefixed prefix: String, _ body: (StoredRow) throws -> Void) throws

    // MARK: The views

    /// Whether the store has the views' tables (an SQLite store of an older format may not).
    func hasViewTables() throws -> Bool
    /// One record's JSON, or nil.
    func value(view: String, key: String) throws -> String?
    /// The records of `view` whose keys start with `prefix`, in key order.
    func records(view: String, prefix: String) throws -> [(key: String, value: String)]
    /// The views that hold records, by name.
    func viewsWithRecords() throws -> [String]
    /// Inserts or replaces records of `view`, maybe batched; the last for a key wins.
    func insert(_ records: [MappedRecord], in view: String) throws
    /// Writes the records ``insert(_:in:)`` holds back.
    func flushInserts() throws
    /// Writes one record (`value`), or deletes it (nil), now.
    func write(view: String, key: String, value: [UInt8]?) throws
    /// Deletes every record of `view`, or of every view when nil.
    func clear(_ view: String?) throws
    /// Each view's checkpoint: its version and the last position folded into it.
    func checkpoints() throws -> [String: (version: Int, position: Int64)]
    /// Saves these views' checkpoints, each at its version, all at `position`.
    func saveCheckpoints(_ views: [(name: String, version: Int)], at position: Int64) throws
}

/// The events of a replay, read a batch at a time on the folding thread.
protocol EventBatches: AnyObject {
    /// The next batch, of at most ``ProjectionRunner/batchSize`` rows; empty once all are read.
    func next() throws -> StoredRowBatch
}
