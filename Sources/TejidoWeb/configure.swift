@preconcurrency import Crypto
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import TejidoCore
import Vapor

/// Builds the application from a resolved configuration. Used by `tejido serve`, the other
/// commands, and the tests.
public func configure(
    _ app: Application, configuration config: Configuration, clock: TejidoClock = .system,
    instanceKey providedKey: InstanceKey? = nil
) async throws {
    app.logger.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
    try TejidoHome.use(in: app)

    let keyExisted = FileManager.default.fileExists(atPath: config.keyFilePath)
    let ring = try providedKey.map { InstanceKeyRing([$0]) } ?? loadInstanceKeyRing(config)
    let instanceKey = ring.current
    let metrics = TejidoMetrics()
    try useDatabase(app, config, metrics: metrics)
    if case .sqlite = config.database { try await tuneSQLite(app) }
    if providedKey == nil {
        try await KeyCheck.verify(app, ring: ring, path: config.keyFilePath, createdNow: !keyExisted)
        KeyCheck.warnIfBesideDatabase(app, config)
    }

    let hasher = PassphraseHasher(cost: config.passphraseHashCost)
    app.tejido = TejidoServices(
        config: config, throttleKey: instanceKey.derived(.throttleKeys),
        keys: KeyRingStore(ring: ring, path: providedKey == nil ? config.keyFilePath : nil),
        catalog: try Catalog.load(directory: app.directory.resourcesDirectory + "Localization"),
        clock: clock, passphrases: hasher, decoyPassphraseHash: try hasher.hash(SecretToken.generate().value),
        accessLog: AccessRow.writer(for: app, committed: metrics.groupCommitted), metrics: metrics)
    app.migrations.add(TejidoMigrations.all(keys: app.tejido.keys))

    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    // Vapor's own request metrics would go to swift-metrics' global system, which Tejido leaves
    // alone (see TejidoMetrics); RequestMetricsMiddleware records them by route pattern instead.
    app.http.server.configuration.reportMetrics = false
    if let port = config.metricsPort {
        let listener = MetricsListener(port: port, metrics: metrics)
        app.metricsListener = listener
        app.lifecycle.use(listener)
    }
    // Vapor's defaults include request logging by full path; ours logs route patterns only.
    app.middleware = Middlewares()
    app.middleware.use(RequestMetricsMiddleware(metrics: metrics))
    app.middleware.use(SecurityHeadersMiddleware(behindTLSProxy: config.behindTLSProxy))
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(SessionMiddleware())
    app.middleware.use(CSRFMiddleware())
    app.middleware.use(FormTextMiddleware())
    app.middleware.use(PolicyConsultedMiddleware())

    // Requests to paired instances (issue 18): a redirect is never followed (Tejido calls only
    // the addresses its admins paired with), and a silent peer is given up on quickly.
    app.http.client.configuration.redirectConfiguration = .disallow
    app.http.client.configuration.timeout = .init(connect: .seconds(5), read: .seconds(20))
    app.peerThrottle = PeerThrottle()
    app.peerDelivery = PeerDelivery(app: app)
    if config.mode != .testing, config.publicURL != nil { app.lifecycle.use(PeerDeliveryTimer(interval: .seconds(10))) }

    try routes(app)
}

func routes(_ app: Application) throws {
    let controllers: [any RouteCollection] = [
        PublicController(), AuthController(), SetupController(), LanguageController(), AccountController(), RecoveryController(),
        CollectiveController(), MembersController(), InvitesController(), ProtocolReadingController(),
        ProtocolHistoryController(), ProtocolDraftController(), ProtocolDecisionController(), AgreementController(),
        DirectoryController(), DirectoryImportController(), PublicDirectoryController(), HelpController(), CasesController(),
        CaseController(), CasePeopleController(), AssemblyController(), AssemblyDecisionController(),
        CaseAssemblyController(), CaseAccountabilityController(),
        CaseMediatorsController(), MediationController(), CaseCareController(),
        SkillsController(),
        // Issue 17: reflections on ended cases, their counts, and the page for people worried about someone.
        CaseReflectionController(), ReflectionsController(), WorriedController(),
        ActivitiesController(), ActivityController(), GroupController(),
        LessonsController(), CaseLessonController(), PracticeController(),
        // Issue 18: connections to collectives on other instances, and the API those instances call.
        NetworkController(), PeerController(), MatchingCirclesController(),
        SharedProtocolsController(), SharedDirectoryController(), CollectivesDirectoryController(),
        CaseAlertsController(), ReceivedAlertsController(), MediationRequestsController(), CaseMatchingController(),
    ]
    for controller in controllers { try app.register(collection: controller) }
}

private func loadInstanceKeyRing(_ config: Configuration) throws -> InstanceKeyRing {
    // The embedded default makes its own key on first run; production never does, so a missing
    // key there means a wrong path or a lost key — both worth stopping for.
    if config.mode != .production, !FileManager.default.fileExists(atPath: config.keyFilePath) {
        return InstanceKeyRing([try InstanceKeyFile.create(path: config.keyFilePath)])
    }
    return try InstanceKeyFile.loadRing(path: config.keyFilePath)
}

private func useDatabase(_ app: Application, _ config: Configuration, metrics: TejidoMetrics) throws {
    let database: DatabaseConfigurationFactory
    let id: DatabaseID
    if case .postgres = config.database {} else { try SQLiteDurability.requireFullSync() }
    switch config.database {
    case .sqlite(let path):
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
        (database, id) = (.sqlite(.file(path)), .sqlite)
    case .sqliteInMemory:
        (database, id) = (.sqlite(.memory), .sqlite)
    case .postgres(let url, let schema):
        guard let parsed = URL(string: url) else { throw ConfigurationError(problems: ["DATABASE_URL is not a valid URL."]) }
        var postgres = try SQLPostgresConfiguration(url: parsed)
        if let schema { postgres.searchPath = [schema] }
        (database, id) = (.postgres(configuration: postgres), .psql)
    }
    app.databases.use(MeteredDatabase.configuration(database, metrics: metrics), as: id)
}

/// The embedded database runs in write-ahead-log mode, so readers go on while one writer
/// commits; the mode stays with the file. Each connection syncs every commit
/// (`SQLiteDurability`).
private func tuneSQLite(_ app: Application) async throws {
    guard let sql = app.db as? any SQLDatabase else { return }
    try await sql.raw("PRAGMA journal_mode = WAL").run()
}

extension Application {
    /// Migrations not yet applied; `tejido serve` on PostgreSQL refuses to start while any remain.
    public func pendingMigrations() async throws -> Int {
        try await migrator.setupIfNeeded().get()
        return try await migrator.previewPrepareBatch().get().count
    }

    /// The first collective and its admin, for `tejido setup`.
    public func runSetup(collective: String, admin: String, passphrase: String) async throws -> String {
        let result = try await SetupService(application: self, database: db)
            .run(collectiveName: collective, username: admin, passphrase: passphrase, confirmation: passphrase, language: nil)
        return result.collective.slug
    }
}
