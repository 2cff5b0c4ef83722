import Foundation

/// Resolves the configuration from flags, then environment, then defaults, and explains in
/// plain words what to fix when a value is wrong.
public enum ConfigurationLoader {
    /// Values given on the command line; nil means "not given".
    public struct Flags: Sendable {
        public var hostname: String?
        public var port: Int?
        public var environment: String?

        public init(hostname: String? = nil, port: Int? = nil, environment: String? = nil) {
            self.hostname = hostname
            self.port = port
            self.environment = environment
        }
    }

    /// Every environment variable Tejido reads. The README documents each one.
    public enum Variable: String, CaseIterable, Sendable {
        case env = "TEJIDO_ENV"
        case hostname = "TEJIDO_HOSTNAME"
        case port = "TEJIDO_PORT"
        case dataDirectory = "TEJIDO_DATA_DIR"
        case databaseURL = "DATABASE_URL"
        case keyFile = "TEJIDO_KEY_FILE"
        case exitURL = "TEJIDO_EXIT_URL"
        case sessionIdleMinutes = "TEJIDO_SESSION_IDLE_MINUTES"
        case sessionMaxHours = "TEJIDO_SESSION_MAX_HOURS"
        case behindTLSProxy = "TEJIDO_BEHIND_TLS_PROXY"
        case setupFromAnyAddress = "TEJIDO_SETUP_FROM_ANY_ADDRESS"
        case inviteDays = "TEJIDO_INVITE_DAYS"
        case neutralTitles = "TEJIDO_NEUTRAL_TITLES"
        case directoryStaleMonths = "TEJIDO_DIRECTORY_STALE_MONTHS"
        case logLevel = "TEJIDO_LOG_LEVEL"
        case metricsPort = "TEJIDO_METRICS_PORT"
        case reflectionMinimumGroup = "TEJIDO_REFLECTION_MIN_GROUP"
        case publicURL = "TEJIDO_PUBLIC_URL"
        case peerPlainHTTP = "TEJIDO_PEER_PLAIN_HTTP"
        case peerAlertQuota = "TEJIDO_PEER_ALERT_QUOTA"
    }

    public static func load(flags: Flags = Flags(), environment: [String: String]) throws -> Configuration {
        func value(_ variable: Variable) -> String? {
            guard let raw = environment[variable.rawValue]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty
            else { return nil }
            return raw
        }
        var problems: [String] = []

        let modeName = flags.environment ?? value(.env) ?? "development"
        let mode: Configuration.Mode
        switch modeName.lowercased() {
        case "development", "dev": mode = .development
        case "production", "prod": mode = .production
        case "testing", "test": mode = .testing
        default:
            problems.append("\(Variable.env.rawValue) must be development or production, not “\(modeName)”.")
            mode = .development
        }

        let dataDirectory = value(.dataDirectory) ?? "tejido-data"
        var config = Configuration(mode: mode, dataDirectory: dataDirectory, keyFilePath: value(.keyFile))
        config.hostname = flags.hostname ?? value(.hostname) ?? config.hostname

        if let port = flags.port {
            config.port = port
        } else if let raw = value(.port) {
            if let port = Int(raw) { config.port = port } else { problems.append("\(Variable.port.rawValue) must be a number.") }
        }
        if !(1...65535).contains(config.port) { problems.append("The port must be between 1 and 65535.") }

        if let url = value(.databaseURL) {
            if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                config.database = .postgres(url: url, schema: nil)
            } else {
                problems.append(
                    "\(Variable.databaseURL.rawValue) must be a postgres:// URL. Leave it unset to use the embedded SQLite database."
                )
            }
        }

        if let exit = value(.exitURL) {
            if ExitDestination.isAcceptable(exit) {
                config.defaultExitURL = exit
            } else {
                problems.append("\(Variable.exitURL.rawValue) must be a full http:// or https:// address.")
            }
        }

        func positive(_ variable: Variable, range: ClosedRange<Int>, apply: (Int) -> Void) {
            guard let raw = value(variable) else { return }
            if let number = Int(raw), range.contains(number) {
                apply(number)
            } else {
                problems.append("\(variable.rawValue) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
            }
        }
        positive(.sessionIdleMinutes, range: 1...24 * 60) { config.sessionIdleTimeout = TimeInterval($0 * 60) }
        positive(.sessionMaxHours, range: 1...24 * 30) { config.sessionMaximumLifetime = TimeInterval($0 * 3600) }
        positive(.inviteDays, range: 1...90) { config.inviteLifetimeDays = $0 }
        positive(.directoryStaleMonths, range: 1...120) { config.directoryStaleMonths = $0 }
        // Below 3 a count of reflections could point at one or two people.
        positive(.reflectionMinimumGroup, range: 3...1000) { config.reflectionMinimumGroup = $0 }
        // Only a port: the listener binds 127.0.0.1 and nothing else, so no value can open it to
        // the network. An address given with it is refused rather than quietly dropped.
        if let raw = value(.metricsPort), raw.contains(":") {
            problems.append(
                "\(Variable.metricsPort.rawValue) takes a port only (for example 9190): /metrics is served on 127.0.0.1 and nowhere else."
            )
        } else {
            positive(.metricsPort, range: 1...65535) { config.metricsPort = $0 }
        }
        if let metricsPort = config.metricsPort, metricsPort == config.port {
            problems.append(
                "\(Variable.metricsPort.rawValue) must differ from the port Tejido serves on (\(config.port)): metrics have a listener of their own."
            )
        }

        func flag(_ variable: Variable) -> Bool {
            guard let raw = value(variable)?.lowercased() else { return false }
            if ["1", "true", "yes", "on"].contains(raw) { return true }
            if !["0", "false", "no", "off"].contains(raw) { problems.append("\(variable.rawValue) must be true or false.") }
            return false
        }
        config.behindTLSProxy = flag(.behindTLSProxy)
        config.setupFromAnyAddress = flag(.setupFromAnyAddress)
        config.neutralTitlesByDefault = flag(.neutralTitles)
        config.peerPlainHTTP = flag(.peerPlainHTTP)
        if config.peerPlainHTTP, config.mode == .production {
            problems.append(
                "\(Variable.peerPlainHTTP.rawValue) lets instances talk without TLS; it is for tests on one machine and refused in production."
            )
        }
        if let raw = value(.publicURL) {
            if let url = PeerBaseURL(raw, allowPlainHTTP: config.peerPlainHTTP) {
                config.publicURL = url
            } else {
                problems.append(
                    "\(Variable.publicURL.rawValue) must be the https:// address other instances reach this one at, with no query or fragment (plain http:// only with \(Variable.peerPlainHTTP.rawValue)=true)."
                )
            }
        }
        positive(.peerAlertQuota, range: 1...1000) { config.peerAlertQuota = $0 }

        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        if let level = value(.logLevel) {
            if levels.contains(level.lowercased()) {
                config.logLevel = level.lowercased()
            } else {
                problems.append("\(Variable.logLevel.rawValue) must be one of: \(levels.joined(separator: ", ")).")
            }
        }

        if config.mode == .production, config.logsSensitiveDetail {
            problems.append(
                "\(Variable.logLevel.rawValue)=\(config.logLevel) records database values and request headers (cookies included); use info or above in production."
            )
        }

        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
        return config
    }
}

public struct ConfigurationError: Error, Equatable, CustomStringConvertible, Sendable {
    public let problems: [String]

    public init(problems: [String]) { self.problems = problems }
    public var description: String {
        "Tejido cannot start:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
