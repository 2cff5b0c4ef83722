import Foundation

/// Everything Tejido reads from its surroundings, read once at start-up into one typed value:
/// command-line flags first, then environment variables, then defaults.
public struct Configuration: Sendable, Equatable {
    public enum Mode: String, Sendable, Equatable {
        case development, production, testing
    }

    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case sqliteInMemory
        /// A PostgreSQL URL, and optionally a schema to use (tests give each run its own).
        case postgres(url: String, schema: String?)
    }

    public var mode: Mode
    public var hostname: String
    public var port: Int
    public var dataDirectory: String
    public var database: Database
    public var keyFilePath: String
    /// Where the quick-exit control sends people when their collective has not chosen a page.
    public var defaultExitURL: String
    public var sessionIdleTimeout: TimeInterval
    public var sessionMaximumLifetime: TimeInterval
    /// Served by a reverse proxy that terminates TLS: cookies are marked Secure, HSTS is sent, and
    /// the client address is read from the proxy's X-Forwarded-For.
    public var behindTLSProxy: Bool
    /// The first-run setup page normally answers only to loopback.
    public var setupFromAnyAddress: Bool
    public var inviteLifetimeDays: Int
    /// Neutral titles for every visitor and every new account, unless a person turns them off.
    public var neutralTitlesByDefault: Bool
    /// A directory entry not checked for this many months is shown as out of date.
    public var directoryStaleMonths: Int
    /// bcrypt's work factor. Never below 12 outside tests, where hashing speed matters.
    public var passphraseHashCost: Int
    public var logLevel: String
    /// The port of the `/metrics` listener, always on 127.0.0.1; nil (the default) starts none.
    /// 0 takes any free port (the tests do); the loader never gives 0.
    public var metricsPort: Int?
    /// The fewest people a count of reflections may speak for (issue 17): a smaller group is
    /// never shown, nor a total it could be worked out from. Never below 3.
    public var reflectionMinimumGroup: Int = 5
    /// The address other instances reach this one at (issue 18): needed to pair, and the base of
    /// every signed request's `@target-uri` here. Nil: this instance takes part in no network.
    public var publicURL: PeerBaseURL?
    /// Plain `http://` between instances: a test setting, refused in production.
    public var peerPlainHTTP: Bool = false
    /// How many alerts one peer may send in a day before it is paused for the admins to look.
    public var peerAlertQuota: Int = 20

    /// Debug and trace logging include query values and request headers: never in production.
    public var logsSensitiveDetail: Bool { logLevel == "debug" || logLevel == "trace" }

    /// True when the database is the embedded SQLite file, migrated automatically on start.
    public var isEmbeddedDatabase: Bool {
        if case .postgres = database { return false }
        return true
    }

    /// The embedded database's file, when there is one.
    public var databaseFile: String? {
        if case .sqlite(let path) = database { return path }
        return nil
    }

    public init(
        mode: Mode = .development, hostname: String = "127.0.0.1", port: Int = 8080,
        dataDirectory: String = "tejido-data", database: Database? = nil, keyFilePath: String? = nil,
        defaultExitURL: String = Self.standardExitURL, sessionIdleTimeout: TimeInterval = 30 * 60,
        sessionMaximumLifetime: TimeInterval = 12 * 3600, behindTLSProxy: Bool = false,
        setupFromAnyAddress: Bool = false, inviteLifetimeDays: Int = 7, neutralTitlesByDefault: Bool = false,
        directoryStaleMonths: Int = 12, passphraseHashCost: Int = 12,
        logLevel: String = "info", metricsPort: Int? = nil
    ) {
        self.mode = mode
        self.hostname = hostname
        self.port = port
        self.dataDirectory = dataDirectory
        self.database = database ?? .sqlite(path: (dataDirectory as NSString).appendingPathComponent("tejido.sqlite"))
        self.keyFilePath = keyFilePath ?? (dataDirectory as NSString).appendingPathComponent("instance.key")
        self.defaultExitURL = defaultExitURL
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionMaximumLifetime = sessionMaximumLifetime
        self.behindTLSProxy = behindTLSProxy
        self.setupFromAnyAddress = setupFromAnyAddress
        self.inviteLifetimeDays = inviteLifetimeDays
        self.neutralTitlesByDefault = neutralTitlesByDefault
        self.directoryStaleMonths = directoryStaleMonths
        self.passphraseHashCost = passphraseHashCost
        self.logLevel = logLevel
        self.metricsPort = metricsPort
    }

    /// An ordinary page that draws no attention in a browser history.
    public static let standardExitURL = "https://www.bbc.co.uk/weather"
}

extension Configuration: CustomStringConvertible {
    /// Safe to log: the database URL's password is never printed.
    public var description: String {
        let db: String
        switch database {
        case .sqlite(let path): db = "sqlite:\(path)"
        case .sqliteInMemory: db = "sqlite:memory"
        case .postgres(let url, let schema):
            db = "postgres:\(Self.redacted(url))" + (schema.map { " schema \($0)" } ?? "")
        }
        let metrics = metricsPort.map { "127.0.0.1:\($0)" } ?? "off"
        return
            "mode=\(mode.rawValue) listen=\(hostname):\(port) database=\(db) key-file=\(keyFilePath) behind-tls-proxy=\(behindTLSProxy) metrics=\(metrics)"
    }

    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "(unparseable)" }
        if parts.password != nil { parts.password = "****" }
        return parts.string ?? "(unparseable)"
    }
}
