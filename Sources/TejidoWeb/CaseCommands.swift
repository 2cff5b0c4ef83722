@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import TejidoCore
import Vapor

/// What the `tejido keys`, `tejido cases`, `tejido demo` and `tejido bench-seed` commands do.
extension Application {
    // MARK: Keys

    /// Puts a new instance key first in the key file and re-locks every wrapped key under it —
    /// each reader's wrap of each case, each member's of each collective, each mediator's, and the
    /// instance-only wraps an upgrade leaves until readers sign in — without opening any of them,
    /// while the server keeps running (it re-reads the file when it meets a key it does not hold).
    /// The replaced key stays in the file as the previous one until `pruneKeys`. Returns the
    /// number of wraps re-locked.
    public func rotateKeys() async throws -> Int {
        let path = tejido.config.keyFilePath
        let old = try InstanceKeyFile.loadRing(path: path)
        let ring = InstanceKeyRing([InstanceKey.generate()] + old.keys)
        try InstanceKeyFile.replace(path: path, with: ring)
        var rewrapped = 0
        // Loop until no row names an older key: a server may wrap a new case while this runs.
        while true {
            let stale = try await CaseRecord.query(on: db).filter(\.$keyID != ring.currentID).filter(\.$keyID != nil)
                .limit(500).all()
            if stale.isEmpty { break }
            for record in stale {
                guard let id = record.id, let wrapped = record.wrappedKey, let keyID = record.keyID else { continue }
                let label = CaseVault.wrapLabel(id)
                let dataKey = try ring.unwrap(wrapped, keyID: keyID, label: label)
                let (fresh, freshID) = try ring.wrap(dataKey, label: label)
                // Only if nobody changed the row meanwhile (deletion empties the key).
                try await CaseRecord.query(on: db).filter(\.$id == id).filter(\.$keyID == keyID)
                    .set(\.$wrappedKey, to: fresh).set(\.$keyID, to: freshID).update()
                rewrapped += 1
            }
        }
        rewrapped += try await KeyWraps.forCases(tejido.keys).relockAll(on: db)
        rewrapped += try await KeyWraps.forCollectives(tejido.keys).relockAll(on: db)
        rewrapped += try await KeyWraps.forGroups(tejido.keys).relockAll(on: db)
        rewrapped += try await LessonKeys(keys: tejido.keys).wraps.relockAll(on: db)
        rewrapped += try await relockOthers(ring)
        // Concerns about the protocol are sealed with a key derived from the instance key.
        let keys = ring.keys.map { $0.derived(.protocolConcerns) }
        for concern in try await ProtocolConcernRecord.query(on: db).all() {
            guard let id = concern.id, let opened = AgreementService.open(concern, keys: keys) else { continue }
            concern.body = try Sealing.seal(
                try JSONEncoder().encode(opened), with: keys[0],
                associatedData: Data(AgreementService.sealingContext(id).utf8))
            try await concern.save(on: db)
        }
        try await MemberRemovals.reseal(keys: ring.keys.map { $0.derived(.memberRemovals) }, on: db)
        try await Reflections.reseal(keys: ring.keys.map { $0.derived(.reflections) }, on: db)
        // Published lessons and practice scenarios, which every member reads.
        try await LessonService.reseal(keys: ring.keys.map { $0.derived(.lessons) }, on: db)
        // What this instance keeps about its peers. The peers themselves learn the new identity
        // from the delivery loop, signed by the old one (`KeysHandler`).
        try await PeerConnections.reseal(keys: KeyRingStore(ring: ring, path: nil), on: db)
        try await SharedData.reseal(keys: KeyRingStore(ring: ring, path: nil), on: db)
        // Alerts sent and received, and the care team's notes on them.
        try await SentAlerts.reseal(keys: KeyRingStore(ring: ring, path: nil), on: db)
        try await ReceivedAlerts.reseal(keys: KeyRingStore(ring: ring, path: nil), on: db)
        return rewrapped
    }

    /// Mediators' grant keys and collectives' instance-only wraps, re-locked under the current key.
    private func relockOthers(_ ring: InstanceKeyRing) async throws -> Int {
        var count = 0
        let sql = try db.sql()
        for row in try await CaseMediatorRecord.query(on: db).filter(\.$keyID != ring.currentID).filter(\.$keyID != nil).all() {
            guard let grantID = row.id, let locked = row.grantKey, let keyID = row.keyID else { continue }
            let label = KeyWraps.forCases(tejido.keys).lockLabel(row.$caseFile.id, MediatorKeys.holder(grantID))
            let (fresh, freshID) = try ring.lock(try ring.unlock(locked, keyID: keyID, label: label), label: label)
            try await CaseMediatorRecord.query(on: db).filter(\.$id == grantID).filter(\.$keyID == keyID)
                .set(\.$grantKey, to: fresh).set(\.$keyID, to: freshID).update()
            count += 1
        }
        for row in try await sql.raw("SELECT id, wrapped_key, key_id FROM collectives WHERE key_id IS NOT NULL").all() {
            let id = try row.decode(column: "id", as: UUID.self)
            let keyID = try row.decode(column: "key_id", as: String.self)
            guard keyID != ring.currentID, let wrapped = try row.decode(column: "wrapped_key", as: Data?.self) else { continue }
            let label = CollectiveKeys.instanceLabel(id)
            let (fresh, freshID) = try ring.wrap(try ring.unwrap(wrapped, keyID: keyID, label: label), label: label)
            try await sql.update("collectives").set("wrapped_key", to: SQLBind(fresh)).set("key_id", to: SQLBind(freshID))
                .where("id", .equal, SQLBind(id)).where("key_id", .equal, SQLBind(keyID)).run()
            count += 1
        }
        return count
    }

    /// Every table that names the instance key something in it is wrapped or locked with.
    static let keyedTables = [
        "cases", KeyWraps.cases, KeyWraps.collectives, "case_mediators", "collectives", LessonKeys.table, KeyWraps.groups,
    ]

    /// Drops from the key file every previous key that nothing still uses. Returns how many.
    public func pruneKeys() async throws -> Int {
        let path = tejido.config.keyFilePath
        let ring = try InstanceKeyFile.loadRing(path: path)
        var keep = [ring.current]
        let sql = try db.sql()
        // A previous key whose identity a live peer still knows us by stays: the peer has not yet
        // acknowledged the new one, and would no longer recognise our requests.
        let knownAs = Set(
            try await PeerConnections(database: db, keys: KeyRingStore(ring: ring, path: nil), now: Date()).everyConnection()
                .filter { $0.state != .ended }.map(\.details.knownAs))
        for key in ring.keys.dropFirst() {
            let id = InstanceKeyRing.id(of: key)
            if knownAs.contains(InstanceIdentity(instanceKey: key).publicKeys.fingerprint) {
                keep.append(key)
                continue
            }
            for table in Self.keyedTables {
                let used =
                    try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                    .where("key_id", .equal, SQLBind(id)).first()?.decode(column: "n", as: Int.self) ?? 0
                if used > 0 {
                    keep.append(key)
                    break
                }
            }
        }
        if keep.count < ring.keys.count { try InstanceKeyFile.replace(path: path, with: InstanceKeyRing(keep)) }
        return ring.keys.count - keep.count
    }

    // MARK: Retention

    /// Deletes closed and withdrawn cases past their collective's retention period.
    public func deleteExpiredCases() async throws -> Int {
        let deleted = try await CaseService(database: db, keys: tejido.keys, now: tejido.clock.now()).deleteExpired()
        tejido.metrics.retentionDeleted(cases: deleted)
        return deleted
    }

    /// Destroys what has expired but still holds a key: sessions past their lifetime (each holds
    /// a copy of someone's key, sealed under a cookie nobody will send again) and outside
    /// mediators' grants past their end. Returns how many.
    public func forgetExpiredKeys() async throws -> Int {
        let now = tejido.clock.now()
        let lifetime = tejido.sessionLifetime
        let sql = try db.sql()
        let sessions = try await sql.delete(from: UserSessionRecord.schema)
            .where("last_seen_at", .lessThanOrEqual, SQLBind(now.addingTimeInterval(-lifetime.idleTimeout)))
            .orWhere("created_at", .lessThanOrEqual, SQLBind(now.addingTimeInterval(-lifetime.maximumLifetime)))
            .returning("id").all().count
        let grants = try await sql.update(CaseMediatorRecord.schema).set("grant_key", to: SQLLiteral.null)
            .set("packet", to: SQLLiteral.null).where("expires_at", .lessThanOrEqual, SQLBind(now))
            .where("grant_key", .isNot, SQLLiteral.null).returning("id").all().count
        // An assembly item whose consent ran out: the collective's copy of its words goes too.
        let items = try await sql.update(AssemblyItemRecord.schema).set("sealed", to: SQLLiteral.null)
            .where("readable_until", .lessThanOrEqual, SQLBind(now)).where("sealed", .isNot, SQLLiteral.null)
            .returning("id").all().count
        return sessions + grants + items
    }

    /// Runs `deleteExpiredCases` and `raiseDueAgreementReviews` a minute after start and then every hour, and `forgetExpiredKeys`
    /// every five minutes, while the server runs.
    public func startRetentionJob() {
        let app = self
        eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .minutes(1), delay: .minutes(5)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do {
                    _ = try await app.forgetExpiredKeys()
                } catch {
                    app.logger.error("Expired keys could not be forgotten: \(String(reflecting: type(of: error)))")
                }
            }
        }
        eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .minutes(1), delay: .hours(1)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do {
                    let deleted = try await app.deleteExpiredCases()
                    if deleted > 0 { app.logger.notice("Retention deleted \(deleted) ended case(s).") }
                } catch {
                    app.logger.error("Retention could not run: \(String(reflecting: type(of: error)))")
                }
                // The agreement's review day, on the agenda within the hour even if nobody opens it.
                do {
                    _ = try await app.raiseDueAgreementReviews()
                } catch {
                    app.logger.error("Agreement reviews could not be raised: \(String(reflecting: type(of: error)))")
                }
            }
        }
    }
}
