import ActaLog
import ActaProjections
import ActaReader
import ArgumentParser
import Foundation
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the register read-only over HTTP: JSON API, live feed, pages.",
        discussion: """
            The store is opened read-only: the reader never writes, and serves what the CLI appends
            in another process without a restart. On PostgreSQL, give the reader role's user in the
            URL (postgres://DATABASE_reader@HOST/DATABASE, made by acta init: SELECT only); a
            standby's URL serves a replica. Once a token exists (acta token add), every
            request needs it. A non-loopback --host needs a token, or --allow-anonymous, and TLS:
            --tls-cert and --tls-key, or --behind-proxy when a proxy in front terminates it.
            """
    )

    @OptionGroup var options: StoreOptions

    @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The port to listen on.") var port: Int = 8080
    @Flag(name: .customLong("allow-anonymous"), help: "Serve a non-loopback address although no token exists.")
    var allowAnonymous = false
    @Option(name: .customLong("tls-cert"), help: "Serve HTTPS with this PEM certificate chain (with --tls-key).")
    var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "The PEM private key of --tls-cert.")
    var tlsKey: String?
    @Flag(name: .customLong("behind-proxy"), help: "A proxy in front terminates TLS: serve a non-loopback address in plain HTTP to it.")
    var behindProxy = false
    @Option(
        name: .customLong("public-url"),
        help: "The address clients use (https://acta.example.org): allowed as Host, the OpenAPI server, Secure cookies when https."
    )
    var publicURL: String?

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535") }
    }

    func run() async throws {
        do {
            let configuration = ReaderConfiguration(
                host: host,
                port: port,
                publicURL: publicURL,
                tlsCertificate: tlsCert,
                tlsKey: tlsKey,
                behindProxy: behindProxy
            )
            try configuration.check()
            let state = try ReaderState.open(options.path)
            let changes = try state.watchHead()
            let tokens = try ActaProjections.AccessView(log: state.log)
            if !ReaderApplication.isLoopback(host), !tokens.required, !allowAnonymous {
                throw ActaError(
                    .invalidInput,
                    "refusing to serve \(host) without access tokens: issue one with `acta token add NAME`, or pass --allow-anonymous"
                )
            }
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = .info
                return handler
            }
            let scheme = tlsCert == nil ? "http" : "https"
            Terminal.note(
                "serving \(state.log.location) read-only at \(scheme)://\(host):\(port)/ (\(tokens.required ? "access tokens required" : "no access tokens: open"); live feed: \(changes.method))"
            )
            try await ReaderApplication.build(state: state, configuration: configuration).runService()
        } catch let error as ActaError {
            Terminal.error(error.message)
            throw ExitCode(error.exitCode)
        }
    }
}
