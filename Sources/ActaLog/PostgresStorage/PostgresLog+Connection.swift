extension PostgresLog {
    /// Whether the server dropped the store's connection (a restart, a terminated backend, a
    /// failover): every call fails from then on, and the caller may open the store again.
    public var connectionLost: Bool { link.connection.isClosed }
}
