import Foundation
import Testing

@testable import TejidoCore

@Suite("Configuration")
struct ConfigurationTests {
    @Test("defaults: loopback, port 8080, embedded SQLite under the data folder, 30-minute idle timeout")
    func defaults() throws {
        let config = try ConfigurationLoader.load(environment: [:])
        #expect(config.hostname == "127.0.0.1")
        #expect(config.port == 8080)
        #expect(config.database == .sqlite(path: "tejido-data/tejido.sqlite"))
        #expect(config.keyFilePath == "tejido-data/instance.key")
        #expect(config.sessionIdleTimeout == 30 * 60)
        #expect(config.passphraseHashCost >= 12)
        #expect(config.mode == .development)
    }

    @Test("flags win over environment, environment over defaults")
    func precedence() throws {
        let env = [
            "TEJIDO_HOSTNAME": "0.0.0.0", "TEJIDO_PORT": "9000", "TEJIDO_DATA_DIR": "/srv/tejido", "TEJIDO_ENV": "production",
        ]
        let fromEnv = try ConfigurationLoader.load(environment: env)
        #expect(fromEnv.hostname == "0.0.0.0" && fromEnv.port == 9000 && fromEnv.mode == .production)
        #expect(fromEnv.keyFilePath == "/srv/tejido/instance.key")
        let fromFlags = try ConfigurationLoader.load(
            flags: .init(hostname: "::1", port: 7000, environment: "development"), environment: env)
        #expect(fromFlags.hostname == "::1" && fromFlags.port == 7000 && fromFlags.mode == .development)
    }

    @Test("every setting is read", arguments: ConfigurationLoader.Variable.allCases)
    func everyVariableHasAnEffect(variable: ConfigurationLoader.Variable) throws {
        let values: [ConfigurationLoader.Variable: String] = [
            .env: "production", .hostname: "10.1.1.1", .port: "8090", .dataDirectory: "/d", .databaseURL: "postgres://u:p@h/db",
            .keyFile: "/k/key", .exitURL: "https://example.org/", .sessionIdleMinutes: "10", .sessionMaxHours: "2",
            .behindTLSProxy: "true", .setupFromAnyAddress: "yes", .inviteDays: "3", .neutralTitles: "true", .logLevel: "debug",
            .directoryStaleMonths: "6", .metricsPort: "9100", .reflectionMinimumGroup: "8",
            .publicURL: "https://tejido.example.org", .peerPlainHTTP: "true", .peerAlertQuota: "5",
        ]
        let changed = try ConfigurationLoader.load(environment: [variable.rawValue: try #require(values[variable])])
        #expect(changed != (try ConfigurationLoader.load(environment: [:])), "\(variable.rawValue) changed nothing")
    }

    @Test("bad values are all reported at once, in words an operator can act on")
    func problems() {
        let env = [
            "TEJIDO_PORT": "eighty", "DATABASE_URL": "mysql://x", "TEJIDO_EXIT_URL": "javascript:alert(1)",
            "TEJIDO_ENV": "staging",
        ]
        do {
            _ = try ConfigurationLoader.load(environment: env)
            Issue.record("bad configuration was accepted")
        } catch let error as ConfigurationError {
            #expect(error.problems.count == 4)
            #expect(error.description.contains("TEJIDO_PORT"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("metrics are off unless a port is given, and that port alone is accepted")
    func metricsPort() throws {
        let off = try ConfigurationLoader.load(environment: [:])
        #expect(off.metricsPort == nil && off.description.contains("metrics=off"))
        let on = try ConfigurationLoader.load(environment: ["TEJIDO_METRICS_PORT": "9100"])
        #expect(on.metricsPort == 9100 && on.description.contains("metrics=127.0.0.1:9100"))
        let refused: [([String: String], String)] = [
            (["TEJIDO_METRICS_PORT": "0.0.0.0:9100"], "port only"), (["TEJIDO_METRICS_PORT": "0"], "from 1 to 65535"),
            (["TEJIDO_METRICS_PORT": "nine"], "from 1 to 65535"), (["TEJIDO_METRICS_PORT": "70000"], "from 1 to 65535"),
            (["TEJIDO_METRICS_PORT": "8080"], "must differ"),
            (["TEJIDO_METRICS_PORT": "9000", "TEJIDO_PORT": "9000"], "must differ"),
        ]
        for (env, words) in refused {
            do {
                _ = try ConfigurationLoader.load(environment: env)
                Issue.record("\(env) was accepted")
            } catch let error as ConfigurationError {
                #expect(error.problems.count == 1 && error.description.contains("TEJIDO_METRICS_PORT"))
                #expect(error.description.contains(words), "\(error.description)")
            }
        }
    }

    @Test("production refuses log levels that record query values and headers")
    func productionLogLevels() throws {
        for level in ["debug", "trace"] {
            #expect(throws: ConfigurationError.self) {
                try ConfigurationLoader.load(environment: ["TEJIDO_ENV": "production", "TEJIDO_LOG_LEVEL": level])
            }
            #expect(try ConfigurationLoader.load(environment: ["TEJIDO_LOG_LEVEL": level]).logsSensitiveDetail)
        }
        #expect(
            try ConfigurationLoader.load(environment: ["TEJIDO_ENV": "production", "TEJIDO_LOG_LEVEL": "info"]).mode
                == .production)
    }

    @Test("the database password never appears in the logged description")
    func redaction() throws {
        let config = try ConfigurationLoader.load(environment: ["DATABASE_URL": "postgres://tejido:s3cret-pw@db.local/tejido"])
        #expect(!config.description.contains("s3cret-pw"))
        #expect(config.description.contains("db.local"))
    }

    @Test(
        "redirects stay on this site",
        arguments: [
            ("/c/casa", "/c/casa"), ("//evil.example", "/"), ("https://evil.example", "/"), ("/\\evil", "/"),
            ("javascript:alert(1)", "/"), ("/ok path", "/"), ("", "/"),
        ])
    func safeRedirects(candidate: String, expected: String) {
        #expect(SafeRedirect.path(candidate) == expected)
    }

    @Test(
        "exit destinations must be plain http(s) addresses",
        arguments: [
            ("https://www.bbc.co.uk/weather", true), ("http://127.0.0.1:9/n.html", true), ("javascript:alert(1)", false),
            ("/exit", false), ("https://user:pw@example.org", false), ("data:text/html,hi", false),
        ])
    func exitDestinations(candidate: String, acceptable: Bool) {
        #expect(ExitDestination.isAcceptable(candidate) == acceptable)
    }

    @Test("Accept-Language picks the best supported language")
    func acceptLanguage() {
        #expect(Language.preferred(fromAcceptLanguage: "es-MX,es;q=0.9,en;q=0.8") == .es)
        #expect(Language.preferred(fromAcceptLanguage: "fr-FR,en;q=0.5,es;q=0.9") == .es)
        #expect(Language.preferred(fromAcceptLanguage: "de") == nil)
        #expect(Language.preferred(fromAcceptLanguage: nil) == nil)
    }

    @Test("collective addresses are random, well-formed and say nothing")
    func addresses() {
        let addresses = (0..<200).map { _ in CollectiveName.newAddress() }
        #expect(Set(addresses).count == 200)
        #expect(addresses.allSatisfy { $0.count == 10 && CollectiveName.isPlausibleSlug($0) })
    }
}
