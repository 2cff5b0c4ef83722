@preconcurrency import Crypto
import Foundation
import TejidoCore
import Vapor

/// A source of the current time. Tests give a fixed clock they can move.
public struct TejidoClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) { self.now = now }

    public static let system = TejidoClock { Date() }
}

/// What every request may need, built once at start-up.
struct TejidoServices: Sendable {
    let config: Configuration
    let instanceKey: InstanceKey
    let throttleKey: SymmetricKey
    let catalog: Catalog
    let clock: TejidoClock
    let passphrases: PassphraseHasher
    /// Verified against when no account matches, so a sign-in for an unknown name takes as long
    /// as one for a real name.
    let decoyPassphraseHash: String

    var cookies: CookieNames { CookieNames(secure: config.behindTLSProxy) }

    var sessionLifetime: SessionLifetime {
        SessionLifetime(idleTimeout: config.sessionIdleTimeout, maximumLifetime: config.sessionMaximumLifetime)
    }
}

/// Cookie names say nothing about what set them (a browser's cookie list is readable by whoever
/// holds the device). Over TLS they carry the `__Host-` prefix, which a browser only accepts from
/// this exact host over HTTPS, so a neighbouring subdomain cannot plant one.
struct CookieNames: Sendable {
    let session: String
    let formToken: String
    let language: String
    let neutralTitles: String

    init(secure: Bool) {
        let prefix = secure ? "__Host-" : ""
        session = prefix + "sid"
        formToken = prefix + "ft"
        language = prefix + "lang"
        neutralTitles = prefix + "nt"
    }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = TejidoServices }

    var tejido: TejidoServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var services: TejidoServices { application.tejido }
    var now: Date { application.tejido.clock.now() }
}
