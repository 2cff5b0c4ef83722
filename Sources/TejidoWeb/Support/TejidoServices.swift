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

/// What every request may need, built once at start-up. A class, so that each of the many reads
/// per request (every translated word asks for the catalog) shares it rather than copying it.
final class TejidoServices: Sendable {
    let config: Configuration
    let throttleKey: SymmetricKey
    /// The instance key ring: wraps and unwraps each case's data key.
    let keys: KeyRingStore
    /// Seals the text of concerns about the protocol: derived from the current instance key.
    var concernKey: SymmetricKey { keys.current.current.derived(.protocolConcerns) }
    /// Every key a concern may be sealed with, current first (a rotation re-seals them all).
    var concernKeys: [SymmetricKey] { keys.current.keys.map { $0.derived(.protocolConcerns) } }
    var removalKey: SymmetricKey { keys.current.current.derived(.memberRemovals) }
    var removalKeys: [SymmetricKey] { keys.current.keys.map { $0.derived(.memberRemovals) } }
    let catalog: Catalog
    let clock: TejidoClock
    let passphrases: PassphraseHasher
    /// Verified against when no account matches, so a sign-in for an unknown name takes as long
    /// as one for a real name.
    let decoyPassphraseHash: String
    /// Commits the access-log lines of case views together (`GroupCommit`).
    let accessLog: GroupCommit<AccessRow>
    /// What `/metrics` shows; recorded whether or not anything serves it.
    let metrics: TejidoMetrics

    init(
        config: Configuration, throttleKey: SymmetricKey, keys: KeyRingStore, catalog: Catalog, clock: TejidoClock,
        passphrases: PassphraseHasher, decoyPassphraseHash: String, accessLog: GroupCommit<AccessRow>,
        metrics: TejidoMetrics
    ) {
        self.config = config
        self.throttleKey = throttleKey
        self.keys = keys
        self.catalog = catalog
        self.clock = clock
        self.passphrases = passphrases
        self.decoyPassphraseHash = decoyPassphraseHash
        self.accessLog = accessLog
        self.metrics = metrics
    }

    /// scrypt's cost for sealing a person's own key: the standard one, except where the passphrase
    /// hash is set to a test's low cost too.
    var keyStretchRounds: Int { config.passphraseHashCost < 10 ? KeyStretch.testLogRounds : KeyStretch.standardLogRounds }

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
    /// An outside mediator's browser token.
    let mediator: String
    /// Proof that this browser signed in to an account before (`DeviceCookie`).
    let device: String
    /// A link made by a form, carried across the redirect that follows it and read once.
    let newLink: String
    let secure: Bool

    init(secure: Bool) {
        self.secure = secure
        let prefix = secure ? "__Host-" : ""
        session = prefix + "sid"
        formToken = prefix + "ft"
        language = prefix + "lang"
        neutralTitles = prefix + "nt"
        mediator = prefix + "med"
        device = prefix + "dv"
        newLink = prefix + "nl"
    }

    /// Every cookie Tejido sets: whole site, HttpOnly, SameSite=Strict, Secure over TLS. Without a
    /// lifetime it lasts until the browser closes.
    func value(_ string: String, lifetime days: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: string, maxAge: days.map { $0 * 86_400 }, path: "/", isSecure: secure, isHTTPOnly: true,
            sameSite: .strict)
    }

    /// A cookie that tells the browser to forget the one of the same name.
    var expired: HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: secure, isHTTPOnly: true,
            sameSite: .strict)
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
