/// Opens or creates a register by its location: a `postgres://` URL names a PostgreSQL
/// store (``PostgresLog``), anything else an SQLite file (``EventLog``).
public enum RegisterStores {
    public static func open(
        _ location: String,
        catalog: any EventCatalog,
        projections: (any ProjectionDomain)? = nil,
        readOnly: Bool = false
    ) throws -> any RegisterStore {
        if PostgresURL.isPostgres(location) {
            return try PostgresLog.open(PostgresURL(location), catalog: catalog, projections: projections, readOnly: readOnly)
        }
        return try EventLog.open(at: location, catalog: catalog, projections: projections, readOnly: readOnly)
    }

    public static func create(_ location: String, catalog: any EventCatalog, projections: (any ProjectionDomain)? = nil) throws -> any RegisterStore {
        if PostgresURL.isPostgres(location) { return try PostgresLog.create(PostgresURL(location), catalog: catalog, projections: projections) }
        return try EventLog.create(at: location, catalog: catalog, projections: projections)
    }
}
