import Hummingbird
import NIOCore

/// The reader's request context: Hummingbird's basic one, and the address the request came
/// from, which tells clients apart for their share of the expensive work when no token does.
public struct ReaderRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

extension ReaderState {
    /// Who a request counts as for a share of the expensive work: its token (a session counts
    /// as its token) once tokens are required, else its address. Not a credential a client
    /// makes up: while no token is required, any would be let in, so only the address counts.
    func client(of request: Request, _ context: some RequestContext) async throws -> String {
        if try await access().required {
            switch Credential(request) {
            case .token(let token): return "token " + Self.sha256(token)
            case .session(let id): if let sha = sessions.token(of: id) { return "token " + sha }
            case nil: break
            }
        }
        return "address " + ((context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress ?? "unknown")
    }
}
