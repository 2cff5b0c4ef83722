@preconcurrency import Crypto
import Fluent
import Foundation
import TejidoCore
import Vapor

/// Changing who is in a running circle without ending it: the founder invites another collective,
/// or a member leaves. Each is the next version of the manifest, which every member of that version
/// signs; until all have, the circle runs on the version everyone signed (`CircleChange` holds the
/// next one). A collective joining needs each member's admins to agree — they agreed to the circle
/// with the members it had — while a member leaving is signed at once: it only shrinks what each
/// already agreed to. One change at a time: a key replaced sets an invitation aside; a leaving or a
/// key replaced while a member's leaving (or a key) is being signed ends the circle, as any leaving
/// did before running circles could change — the leaver cannot sign what is being signed.
extension MatchingCircles {
    // MARK: An admin's acts

    /// The founder's admins invite a paired collective to join as a plain member.
    func invite(_ circle: MatchingCircle, connection: PeerConnection, field: String) async throws {
        guard circle.isFounder, circle.state == .active, circle.pending == nil, let manifest = circle.manifest else {
            throw TejidoError.conflict(messageKey: "matching_error_circle_state")
        }
        let fingerprint = connection.details.keys.fingerprint.hex
        guard connection.sends(.matching), connection.accepts.contains(.matching), manifest.member(fingerprint) == nil,
            manifest.members.count < CircleMessage.memberLimit
        else {
            throw TejidoError.invalid([FieldProblem(field: field, messageKey: "matching_error_invite")])
        }
        let invitee = CircleManifest.Member(
            fingerprint: fingerprint, signingKey: connection.details.keys.signingBase64, roles: [.member])
        let next = manifest.adding(invitee)
        let record = circle.record
        record.pending = try Self.json(
            CircleChange(
                invitee: invitee,
                proposal: CircleMessage(
                    step: .proposal, circle: circle.id, version: next.version, name: manifest.name, members: next.members,
                    limits: manifest.limits)))
        try await save(record, enqueueTo: [connection.id])
    }

    /// The founder's admins withdraw an invitation still being agreed (the invited collective or a
    /// member has not answered): every member drops it, the invited collective is told.
    func withdrawInvitation(_ circle: MatchingCircle) async throws {
        guard circle.isFounder, circle.state == .active, let invitee = circle.pending?.invitee else {
            throw TejidoError.conflict(messageKey: "matching_error_circle_state")
        }
        try noteOutcome(circle.record, .withdrawn, who: invitee.fingerprint)
        let told = try await setAside(circle)
        try await save(circle.record, enqueueTo: told)
    }

    /// A member's admins agree to a collective joining, or refuse it (which sets the change aside
    /// for everyone; the circle goes on as it was).
    func decide(_ circle: MatchingCircle, agree: Bool, asked: String?) async throws {
        guard circle.state == .active, let founder = circle.record.founderConnectionID, var pending = circle.pending,
            let next = pending.manifest, case .added = circle.change, pending.signatures.isEmpty, !pending.refused
        else { throw TejidoError.conflict(messageKey: "matching_error_circle_state") }
        // What the admins read is what they answer: a change swapped since is not signed.
        guard asked == Self.digest(next) else { throw TejidoError.conflict(messageKey: "matching_error_change_moved") }
        if agree {
            pending.signatures = try signedHere(next)
        } else {
            pending.refused = true
        }
        circle.record.pending = try Self.json(pending)
        try await save(circle.record, enqueueTo: [founder])
    }

    // MARK: The founder's side

    /// What the founder says to `fingerprint` while a version is being agreed, or to a collective
    /// that is in no version any more; nil for the usual message.
    func changeMessage(_ circle: MatchingCircle, to fingerprint: String) -> CircleMessage? {
        guard let manifest = circle.manifest else { return nil }
        if let pending = circle.pending {
            if let next = pending.manifest, next.member(fingerprint) != nil {
                // A leaving carries the leaver's own signature over it; every change carries the
                // version it changes, for a member that missed that version's `complete`.
                return CircleMessage(
                    step: .manifest, circle: circle.id, version: next.version, manifest: next, signature: pending.leave,
                    base: manifest, baseSignatures: circle.signatures)
            }
            if pending.manifest == nil, pending.invitee?.fingerprint == fingerprint { return pending.proposal }
        }
        // A collective whose joining was set aside, or one that left: it is in no version now.
        return manifest.member(fingerprint) == nil
            ? CircleMessage(step: .leave, circle: circle.id, version: manifest.version) : nil
    }

    /// The founder hears about the version being agreed: the invitee's answer, a member's
    /// signature or refusal — or a key holder replacing its key, which comes first.
    func changeAnswer(_ message: CircleMessage, sender: String, _ circle: MatchingCircle) async throws {
        guard let manifest = circle.manifest else { return }
        let record = circle.record
        guard var pending = circle.pending else {
            // An answer to a change set aside since: a member may hold that change still (its
            // copy arrived after the version it holds was sent again). It hears that version again.
            if message.step != .join, let member = manifest.member(sender) {
                try await save(record, enqueueTo: try await connections(to: [member], in: record.collectiveID))
            }
            return
        }
        switch message.step {
        case .join where manifest.member(sender) != nil:
            // A key holder replaced its key: an invitation is set aside for it; a member's leaving
            // is signed first (the key holder sends again).
            guard manifest.member(sender)?.roles.contains(.keyHolder) == true, let key = message.oprfKey,
                CircleManifest.oprfKey(key) != nil
            else { return }
            guard pending.invitee != nil else {
                try await end(circle, problem: "matching_problem_crossed")
                return
            }
            let others = try await setAside(circle)
            try await startSigning(record, circle, manifest.rekeyed(holder: sender, key: key), alsoTell: others)
        case .join:
            guard let invitee = pending.invitee, invitee.fingerprint == sender, pending.manifest == nil else { return }
            let next = manifest.adding(invitee)
            pending.manifest = next
            pending.signatures = try signedHere(next)
            record.pending = try Self.json(pending)
            try await save(record, enqueueTo: try await connections(to: next, in: record.collectiveID))
        case .decline:
            // The invitee, or a member's admins, said no: nobody joins, the circle goes on. A
            // member's refusal of another version (one set aside since) is not this one's: it hears
            // the change as it stands instead.
            guard let invitee = pending.invitee, sender == invitee.fingerprint || manifest.member(sender) != nil else {
                return
            }
            if let member = manifest.member(sender),
                message.manifest == nil || message.manifest?.signedBytes != pending.manifest?.signedBytes
            {
                try await save(record, enqueueTo: try await connections(to: [member], in: record.collectiveID))
                return
            }
            let declined = sender == invitee.fingerprint
            try noteOutcome(record, declined ? .declined : .refused, who: invitee.fingerprint, by: declined ? nil : sender)
            let told = try await setAside(circle)
            try await save(record, enqueueTo: told)
        default:
            guard let next = pending.manifest, let member = next.member(sender),
                let signature = message.signature.flatMap({ Data(base64Encoded: $0) })
            else { return }
            let key = Data(base64Encoded: member.signingKey).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
            // A signature that does not hold (an agreement in flight to a change set aside since, or
            // a forgery) is not taken; the circle waits for the right one.
            guard let key, key.isValidSignature(signature, for: next.signedBytes) else { return }
            pending.signatures[sender] = message.signature
            guard (try? next.verify(signatures: pending.signatures.compactMapValues { Data(base64Encoded: $0) })) != nil else {
                record.pending = try Self.json(pending)
                try await save(record, enqueueTo: [])
                return
            }
            // Everyone signed: the next version is the circle now, and every member hears it.
            try await take(next, signatures: pending.signatures, from: manifest, record)
        }
    }

    /// A member left. The circle goes on without it when it can (a change every remaining member
    /// signs at once); otherwise it ends for everyone, as it did before changes existed.
    func memberLeft(_ sender: String, _ circle: MatchingCircle, statement: String?) async throws {
        // While another leaving or a key is being signed, the leaver cannot sign what is being
        // signed: the circle ends, as any leaving did before.
        if circle.state == .signing || (circle.pending != nil && circle.pending?.invitee == nil) {
            try await end(circle, problem: "matching_problem_crossed")
            return
        }
        // Without the leaver's own signature over leaving (one ended by a refusal gives none, and
        // neither does an older release) there is nothing to show the others: the circle ends.
        guard circle.state == .active, let manifest = circle.manifest, let next = manifest.removing(sender),
            let statement, let signature = Data(base64Encoded: statement), manifest.leaveHolds(signature, by: sender)
        else {
            try await end(circle, problem: "matching_problem_left")
            return
        }
        // An invitation under way is set aside: its members would sign a version with the leaver.
        let told = circle.pending != nil ? try await setAside(circle) : []
        let record = circle.record
        record.pending = try Self.json(
            CircleChange(
                manifest: next,
                signatures: try signedHere(next),
                leave: statement))
        try await save(record, enqueueTo: Array(Set(told + (try await connections(to: next, in: record.collectiveID)))))
    }

    /// Drops the change under way; returns whom to tell: the invitee (it hears `leave`) and every
    /// member (it hears the version it holds again, and drops its copy of the change).
    func setAside(_ circle: MatchingCircle) async throws -> [UUID] {
        circle.record.pending = nil
        guard let manifest = circle.manifest else { return [] }
        var told = try await connections(to: manifest, in: circle.record.collectiveID)
        if let invitee = circle.pending?.invitee,
            let connection = try await PeerConnections(database: database, keys: keys, now: now)
                .all(in: circle.record.collectiveID).first(where: { $0.details.keys.fingerprint.hex == invitee.fingerprint })
        {
            told.append(connection.id)
        }
        return told
    }

    // MARK: A member's side

    /// The founder sent the next version: a leaver's is signed at once, a joiner's waits for this
    /// collective's admins. The same version again is answered again (the answer may be lost).
    func changeProposed(_ next: CircleManifest, _ circle: MatchingCircle, signNow: Bool) async throws {
        let record = circle.record
        if let pending = circle.pending, pending.manifest?.signedBytes == next.signedBytes {
            try await save(record, enqueueTo: pending.refused || !pending.signatures.isEmpty ? [record.founderConnectionID!] : [])
            return
        }
        var pending = CircleChange(manifest: next)
        // A key holder or the board not connected with a collective joining refuses it at once: it
        // could never evaluate for it or take its records, and its admins could not tell who it is.
        // Any member connected with it checks the signing key the founder wrote for it against its
        // own connection's, so a founder cannot put a key of its own under another collective's name.
        if !signNow, case .added(let joining) = circle.manifest.flatMap({ $0.change(to: next) }) {
            let connections = try await PeerConnections(database: database, keys: keys, now: now).all(in: record.collectiveID)
            let connection = Self.connection(to: joining, among: connections)
            let keeps = !circle.roles(of: ownFingerprint).filter({ $0 != .member }).isEmpty
            if (keeps && connection == nil)
                || connection.map({ $0.details.keys.signingBase64 != next.member(joining)?.signingKey }) == true
            {
                pending.refused = true
                record.pending = try Self.json(pending)
                try await save(record, enqueueTo: [record.founderConnectionID!])
                return
            }
        }
        if signNow {
            pending.signatures = try signedHere(next)
        }
        record.pending = try Self.json(pending)
        try await save(record, enqueueTo: signNow ? [record.founderConnectionID!] : [])
    }

    /// The founder sent a version while this member holds a change: the next one, signed by all,
    /// which it takes — or the one it holds again, meaning the change was set aside.
    func changeDecided(_ message: CircleMessage, _ circle: MatchingCircle) async throws {
        guard let manifest = circle.manifest, let sent = message.manifest else { return }
        let record = circle.record
        if sent.signedBytes == manifest.signedBytes {
            // The question is dropped: this collective knows only its own refusal, or that the
            // joining did not go through.
            if case .added(let joining) = circle.change {
                let refused = circle.pending?.refused == true
                try noteOutcome(record, refused ? .refused : .setAside, who: joining, by: refused ? ownFingerprint : nil)
            }
            record.pending = nil
            try await save(record, enqueueTo: [])
            return
        }
        // Only a version this collective agreed to in this round: an agreement from a round set aside
        // is not one.
        guard let pending = circle.pending, let next = pending.manifest, next.signedBytes == sent.signedBytes,
            pending.signatures[ownFingerprint] != nil, !pending.refused, let signatures = message.signatures
        else { return }
        guard (try? next.verify(signatures: signatures.compactMapValues { Data(base64Encoded: $0) })) != nil else {
            try await refuse(record, problem: "matching_problem_signature")
            return
        }
        try await take(next, signatures: signatures, from: manifest, record)
    }

    // MARK: Both

    /// Takes the next version, signed by all. The founder tells every member of it; the board
    /// forgets what the change makes void: the leaver's records, or every record if it held a key.
    func take(
        _ next: CircleManifest, signatures: [String: String], from manifest: CircleManifest, _ record: MatchingCircleRecord
    ) async throws {
        switch manifest.change(to: next) {
        case .added(let joined): try noteOutcome(record, .joined, who: joined)
        case .removed(let left): try noteOutcome(record, .left, who: left)
        default: break
        }
        record.version = next.version
        record.manifest = try Self.json(next)
        record.signatures = try Self.json(signatures)
        record.pending = nil
        // On the board: whose records to forget (nil: every one), if any.
        var forget: UUID?? = nil
        if next.board?.fingerprint == ownFingerprint, case .removed(let leaver) = manifest.change(to: next) {
            let connection = try await PeerConnections(database: database, keys: keys, now: now).all(in: record.collectiveID)
                .first { $0.details.keys.fingerprint.hex == leaver }
            forget = manifest.member(leaver)?.roles.contains(.keyHolder) == true ? .some(nil) : .some(connection?.id ?? UUID())
        }
        let circleID = record.circleID
        let now = self.now
        let told = record.founderConnectionID == nil ? try await connections(to: next, in: record.collectiveID) : []
        try await save(record, enqueueTo: told) { [forget] db in
            guard let forget else { return }
            try await MatchBoard.forget(circle: circleID, connection: forget, now: now, on: db)
        }
    }

    /// This collective's connections to every member of `manifest` but itself.
    func connections(to manifest: CircleManifest, in collectiveID: UUID) async throws -> [UUID] {
        try await connections(to: manifest.members, in: collectiveID)
    }

    /// A short digest of a version's bytes: what an admin's answer names, so it answers what it read.
    static func digest(_ manifest: CircleManifest) -> String {
        SHA256.hash(data: manifest.signedBytes).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// A member that missed the `complete` of a version it signed takes it from the next change's
    /// `base`, if every signature holds. Returns whether it did.
    func catchUp(_ base: CircleManifest, _ signatures: [String: String], _ circle: MatchingCircle) async throws -> Bool {
        guard base.circle == circle.id,
            (try? base.verify(signatures: signatures.compactMapValues { Data(base64Encoded: $0) })) != nil
        else { return false }
        let record = circle.record
        if circle.state == .active, let held = circle.manifest, let pending = circle.pending, let next = pending.manifest,
            next.signedBytes == base.signedBytes, pending.signatures[ownFingerprint] != nil, !pending.refused
        {
            try await take(base, signatures: signatures, from: held, record)
            return true
        }
        if circle.state == .signed, circle.manifest?.signedBytes == base.signedBytes {
            record.signatures = try Self.json(signatures)
            record.state = CircleState.active.rawValue
            try await save(record, enqueueTo: [])
            return true
        }
        return false
    }
}
