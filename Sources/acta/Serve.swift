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
            in another process without a restart. Once a token exists (acta token add), every
            request needs it. A non-loopback --host needs a token, or --allow-anonymous.
            """
    )

    @OptionGroup var options: StoreOptions

    @Option(help: "The address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "The port to listen on.") var port: Int = 8080
    @Flag(name: .customLong("allow-anonymous"), help: "Serve a non-loopback address although no token exists.")
    var allowAnonymous = false

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1 to 65535") }
    }

    func run() async throws {
        do {
            let state = try ReaderState(log: options.open(readOnly: true))
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
            Terminal.note(
                "serving \(options.path) read-only at http://\(host):\(port)/ (\(tokens.required ? "access tokens required" : "no access tokens: open"))"
            )
            try await ReaderApplication.build(state: state, host: host, port: port).runService()
        } catch let error as ActaError {
            Terminal.error(error.message)
            throw ExitCode(error.exitCode)
        }
    }
}
