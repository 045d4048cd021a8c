import ActaEvents
import ActaLog
import ActaProjections
import ArgumentParser
import Foundation

struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Access tokens for the HTTP reader; issuing and revoking them is recorded as events.",
        discussion: """
            Once a token has been issued, the reader requires one on every request. A read token opens \
            the pages and the API; a calendar token (--scope calendar) opens the deadline calendar's \
            feed, /calendar.ics?token=TOKEN, and nothing else.
            """,
        subcommands: [Add.self, List.self, Revoke.self]
    )

    static func view(_ log: any RegisterStore) throws -> AccessView {
        try AccessView(log: log)
    }

    struct Add: ActaCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a token and print it once; only its SHA-256 is recorded.")

        @OptionGroup var options: StoreOptions

        @Argument(help: "Who the token is for (letters, digits, . _ -).")
        var name: String

        @Option(help: "The last day the token is accepted, YYYY-MM-DD.", transform: Day.parse)
        var expires: Day?

        @Option(help: "read (the pages and the API) or calendar (the calendar feed only).")
        var scope: String = AccessTokenIssued.readScope

        func validate() throws {
            guard !name.isEmpty, name.count <= 100,
                name.utf8.allSatisfy({ b in
                    (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || "._-".utf8.contains(b)
                })
            else {
                throw ValidationError("the token name must be 1 to 100 letters, digits, '.', '_' or '-'")
            }
            guard AccessTokenIssued.scopes.contains(scope) else {
                throw ValidationError("--scope must be one of \(AccessTokenIssued.scopes.joined(separator: ", ")), not \(scope.prefix(40))")
            }
        }

        func execute() throws {
            let log = try options.openStore()
            if let existing = try Token.view(log).tokens.first(where: { $0.name == name }), existing.revoked == nil {
                throw ActaError(.conflict, "a token named \(name) is already active; revoke it first or choose another name")
            }
            var random = [UInt8](repeating: 0, count: 32)
            var generator = SystemRandomNumberGenerator()
            for i in random.indices { random[i] = generator.next() }
            let token =
                "acta_"
                + Data(random).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            var data: [String: JSONValue] = [
                "name": .string(name), "sha256": .string(Hex.encode(Digest.sha256(Array(token.utf8)))), "scope": .string(scope),
            ]
            if let expires { data["expires"] = .string(expires.text) }
            try log.append(NewEvent(type: AccessTokenIssued.type, stream: "access/\(name)", data: .object(data), actor: Actor.current()))
            print(token)
            Terminal.note("\(scope) token for \(name) issued\(expires.map { ", valid until \($0.text)" } ?? ""); it is shown only now")
            if scope == AccessTokenIssued.calendarScope { Terminal.note("the feed: /calendar.ics?token=\(token) on the reader's address") }
        }
    }

    struct List: ActaCommand {
        static let configuration = CommandConfiguration(abstract: "The tokens issued, with their status.")

        @OptionGroup var options: StoreOptions

        func execute() throws {
            let log = try options.openStore(readOnly: true)
            let view = try Token.view(log)
            if view.tokens.isEmpty {
                print("no tokens: the reader serves without authentication on loopback")
                return
            }
            let today = Timestamp.today()
            var table = TextTable(["NAME", "SCOPE", "STATUS", "ISSUED", "EXPIRES", "SHA-256"])
            for t in view.tokens {
                let status = t.revoked != nil ? "revoked \(t.revoked!.prefix(10))" : (t.expires.map { $0 < today } == true ? "expired" : "active")
                table.add([
                    t.name, t.scope ?? AccessTokenIssued.readScope, status, String(t.issued.prefix(10)), t.expires ?? "",
                    String(t.sha256.prefix(16)) + "…",
                ])
            }
            print(table.render(), terminator: "")
        }
    }

    struct Revoke: ActaCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by name.")

        @OptionGroup var options: StoreOptions

        @Argument(help: "The token's name.")
        var name: String

        func execute() throws {
            let log = try options.openStore()
            guard let token = try Token.view(log).tokens.first(where: { $0.name == name }) else {
                throw ActaError(.invalidInput, "no token named \(name.prefix(60)) (see `acta token list`)")
            }
            guard token.revoked == nil else { throw ActaError(.conflict, "the token \(name) was already revoked on \(token.revoked!.prefix(10))") }
            try log.append(NewEvent(type: AccessTokenRevoked.type, stream: "access/\(name)", data: ["name": .string(name)], actor: Actor.current()))
            print("revoked \(name)")
        }
    }
}
