import ActaEvents
import ActaLog
import ActaProjections
import ArgumentParser

struct Copy: ActaCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a whole register into a new store, on either engine, and verify the copy.",
        discussion: """
            TO is created (an SQLite file that must not exist, or a PostgreSQL database acta \
            init would create). Every event is restored with its position, record time and \
            hashes, with the dictionaries and kept checkpoints; the copy is verified and must \
            give the source's head, tree root and exported bytes.

            Examples:
              acta copy acta.sqlite 'postgres://postgres@/register?host=/tmp/acta-pg'
              acta copy 'postgres://register_reader@db1/register' back.sqlite
            """
    )

    @Argument(help: ArgumentHelp("The register to copy: an SQLite file or a postgres:// URL.", valueName: "from"))
    var from: String

    @Argument(help: ArgumentHelp("The new store: an SQLite file or a postgres:// URL.", valueName: "to"))
    var to: String

    func execute() throws {
        let source = try RegisterStores.open(from, catalog: OCPSCatalog(), projections: OCPSProjections(), readOnly: true)
        defer { try? source.close() }
        let destination = try RegisterStores.create(to, catalog: OCPSCatalog(), projections: OCPSProjections())
        defer { try? destination.close() }
        let report = try RegisterCopy.copy(from: source, to: destination)
        print(
            "copied \(report.events) events, \(report.dictionaries) dictionaries, \(report.checkpoints) checkpoints to \(destination.location); verified: head chain \(report.head.chainHex), tree root \(report.root.rootHex)"
        )
    }
}
