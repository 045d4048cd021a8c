import ActaLog
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTLS
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `acta serve` serves: the address, TLS, the public address behind a proxy, and the
/// limits on connections.
public struct ReaderConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The address clients use when a proxy stands in front (`https://acta.example.org`):
    /// its host is allowed in `Host`, its scheme decides the cookie's `Secure`, and it is
    /// the OpenAPI document's server.
    public var publicURL: String?
    /// PEM files: the certificate chain and its private key. Both or neither.
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// The operator states that a proxy in front terminates TLS, so a non-loopback address
    /// may be served in plain HTTP (to that proxy).
    public var behindProxy: Bool
    /// A connection that is idle, or has not finished sending a request's head, this long
    /// after it opened or after its last response, is closed (slowloris).
    public var idleTimeout: Duration
    /// Connections open at once. At the limit a new connection closes the longest-idle one
    /// (a client between requests, or one still sending its head); if none is idle, the new
    /// one is closed. The limit is lowered to fit the process's file descriptors.
    public var maxConnections: Int

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        publicURL: String? = nil,
        tlsCertificate: String? = nil,
        tlsKey: String? = nil,
        behindProxy: Bool = false,
        idleTimeout: Duration = .seconds(15),
        maxConnections: Int = 512
    ) {
        self.host = host
        self.port = port
        self.publicURL = publicURL
        self.tlsCertificate = tlsCertificate
        self.tlsKey = tlsKey
        self.behindProxy = behindProxy
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }

    var servesTLS: Bool { tlsCertificate != nil }

    /// Whether clients reach the reader over HTTPS: its own TLS, or a public URL in https.
    var clientsUseHTTPS: Bool { servesTLS || publicURL?.lowercased().hasPrefix("https://") == true }

    /// Refuses what would serve tokens in clear text or answer to any name: a non-loopback
    /// host without TLS unless a proxy terminates it, half a TLS pair, a malformed public URL.
    public func check() throws {
        guard (tlsCertificate == nil) == (tlsKey == nil) else {
            throw ActaError(.invalidInput, "--tls-cert and --tls-key go together: give both files or neither")
        }
        if let publicURL {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil,
                url.path.isEmpty || url.path == "/", url.query == nil
            else {
                throw ActaError(.invalidInput, "--public-url must be a scheme and host, like https://acta.example.org")
            }
        }
        if !servesTLS, !behindProxy, !ReaderApplication.isLoopback(host) {
            throw ActaError(
                .invalidInput,
                "refusing to serve \(host) in clear text: tokens and pages would cross the network unencrypted; pass --tls-cert FILE --tls-key FILE, or --behind-proxy when a proxy in front terminates TLS"
            )
        }
    }

    /// The TLS settings from the PEM files.
    func tlsConfiguration() throws -> TLSConfiguration? {
        guard let tlsCertificate, let tlsKey else { return nil }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(tlsCertificate)
            let key = try NIOSSLPrivateKey(file: tlsKey, format: .pem)
            return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        } catch {
            throw ActaError(.invalidInput, "cannot read the TLS certificate \(tlsCertificate) or key \(tlsKey): \(error)")
        }
    }

    /// Whether a request's `Host` names this reader. DNS rebinding points an attacker's name
    /// at the reader's address, so names are allowed only when they are the reader's own:
    /// `--host` given as a name, the public URL's host, and `localhost` on a loopback reader.
    /// An IP literal cannot be rebound and is allowed; so is a request without `Host` (no
    /// browser sends one).
    func allows(authority: String?) -> Bool {
        guard let authority, !authority.isEmpty else { return true }
        let name = Self.hostPart(of: authority).lowercased()
        if Self.isIPLiteral(name) { return true }
        if name == host.lowercased() { return true }
        if let publicURL, let publicHost = URL(string: publicURL)?.host?.lowercased(), name == publicHost { return true }
        return name == "localhost"
            && Self.loopbackHosts.withLock { known in
                if let answer = known[host] { return answer }
                let answer = ReaderApplication.isLoopback(host)
                known[host] = answer
                return answer
            }
    }

    /// `isLoopback` of the bound host, resolved once (it asks the resolver).
    private static let loopbackHosts = Mutex<[String: Bool]>([:])

    /// The scheme and authority clients reach the reader at: the public URL, else the
    /// request's (allowed) `Host`, else the bound address.
    func baseURL(authority: String?) -> String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        let scheme = servesTLS ? "https" : "http"
        if let authority, !authority.isEmpty { return "\(scheme)://\(authority)" }
        let shown = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shown):\(port)"
    }

    /// `example.org` of `example.org:8080`, `::1` of `[::1]:8080`.
    static func hostPart(of authority: String) -> String {
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<end])
        }
        if let colon = authority.lastIndex(of: ":"), authority.firstIndex(of: ":") == colon { return String(authority[..<colon]) }
        return authority
    }

    static func isIPLiteral(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }

    /// `maxConnections` lowered to leave 64 descriptors for the store, logs and accepts.
    var connectionLimit: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return maxConnections }
        let available = Int(clamping: limit.rlim_cur) - 64
        return max(8, min(maxConnections, available))
    }
}

extension ReaderApplication {
    /// Whether `host` is a loopback address, where serving without tokens and without TLS is
    /// allowed: every address it resolves to is in 127.0.0.0/8 or ::1 (a name that merely
    /// begins with `127.` is resolved like any other). A name that does not resolve is not.
    public static func isLoopback(_ host: String) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>? = nil
        guard !host.isEmpty, getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return false }
        defer { freeaddrinfo(first) }
        var node: UnsafeMutablePointer<addrinfo>? = first
        var any = false
        while let info = node {
            guard let address = info.pointee.ai_addr, isLoopback(address, family: info.pointee.ai_family) else { return false }
            any = true
            node = info.pointee.ai_next
        }
        return any
    }

    private static func isLoopback(_ address: UnsafeMutablePointer<sockaddr>, family: Int32) -> Bool {
        switch family {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) >> 24 == 127 }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                let b = withUnsafeBytes(of: p.pointee.sin6_addr) { Array($0) }
                let isV6Loopback = b[0..<15].allSatisfy { $0 == 0 } && b[15] == 1
                let isMappedV4Loopback = b[0..<10].allSatisfy { $0 == 0 } && b[10] == 0xFF && b[11] == 0xFF && b[12] == 127
                return isV6Loopback || isMappedV4Loopback
            }
        default:
            return false
        }
    }
}

extension Request {
    /// The host the client asked for: HTTP/1's `Host` (which Hummingbird turns into the
    /// request's authority), or a `Host` field left as it came.
    var authority: String? { headers[HTTPField.Name("Host")!] ?? head.authority }
}
