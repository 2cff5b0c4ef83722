@preconcurrency import Crypto
import Foundation

/// `circle`: forming a matching circle over the peer channel, one step per message. The founder
/// proposes (members, roles, limits); each invited collective joins — a key holder with the public
/// half of the key it made for this circle — or declines; once all have joined the founder sends
/// the whole manifest; each member checks it is exactly what it joined, signs it and sends its
/// signature back; the founder sends everyone's signatures, and each member checks them all
/// before the circle is active. `leave` ends it for everyone: a circle never runs short of a member.
public struct CircleMessage: Codable, Sendable, Equatable {
    public enum Step: String, Codable, Sendable {
        case proposal, join, decline, manifest, signature, complete, leave
        /// A key holder's counts of evaluations for one day, by member, to every member.
        case counts
    }

    public let step: Step
    public let circle: UUID
    public let version: Int
    /// `proposal`: the circle's name, its members without their oblivious keys, the limits.
    public var name: String?
    public var members: [CircleManifest.Member]?
    public var limits: CircleManifest.Limits?
    /// `join`, from a key holder: its VOPRF public key for this circle.
    public var oprfKey: String?
    /// `manifest` and `complete`: the manifest to sign, or signed.
    public var manifest: CircleManifest?
    /// `signature`: the sender's signature over the manifest, base64.
    public var signature: String?
    /// `complete`: every member's signature by fingerprint, base64.
    public var signatures: [String: String]?
    /// `counts`: the day (UTC, `YYYY-MM-DD`) and how many evaluations each member asked for.
    public var day: String?
    public var counts: [String: Int]?
    /// `manifest`, for a change to a running circle: the version it changes and its signatures,
    /// so a member that missed that version's `complete` (it had signed it) takes it first.
    public var base: CircleManifest?
    public var baseSignatures: [String: String]?

    public init(
        step: Step, circle: UUID, version: Int, name: String? = nil, members: [CircleManifest.Member]? = nil,
        limits: CircleManifest.Limits? = nil, oprfKey: String? = nil, manifest: CircleManifest? = nil,
        signature: String? = nil, signatures: [String: String]? = nil, day: String? = nil, counts: [String: Int]? = nil,
        base: CircleManifest? = nil, baseSignatures: [String: String]? = nil
    ) {
        self.step = step
        self.circle = circle
        self.version = version
        self.name = name
        self.members = members
        self.limits = limits
        self.oprfKey = oprfKey
        self.manifest = manifest
        self.signature = signature
        self.signatures = signatures
        self.day = day
        self.counts = counts
        self.base = base
        self.baseSignatures = baseSignatures
    }

    /// The most members a circle may have: enough for a region's collectives, few enough that
    /// every member signing every change stays practical.
    public static let memberLimit = 24
    public static let nameLimit = 120
    /// Far more versions than a circle will ever see, and far from overflowing the next one.
    public static let versionLimit = 1_000_000
}

extension CircleManifest {
    /// The manifest a proposal becomes once each key holder has given its key: same circle,
    /// version, name, limits and members, in the same order.
    public static func from(
        circle: UUID, version: Int, name: String, members: [Member], limits: Limits, keys: [String: String]
    ) -> CircleManifest {
        CircleManifest(
            circle: circle, name: name, version: version,
            members: members.map { member in
                Member(
                    fingerprint: member.fingerprint, signingKey: member.signingKey, roles: member.roles,
                    oprfKey: member.roles.contains(.keyHolder) ? keys[member.fingerprint] : nil)
            }, limits: limits)
    }

    /// Whether this manifest is exactly the proposal a member joined, with the key holders' keys
    /// filled in (and, for this member, the key it gave itself). Anything else is refused unsigned.
    public func fulfils(
        name: String, members proposed: [Member], limits: Limits, ownFingerprint: String, ownKey: String?
    )
        -> Bool
    {
        guard self.name == name, self.limits == limits, members.count == proposed.count else { return false }
        for (member, wanted) in zip(members, proposed) {
            guard member.fingerprint == wanted.fingerprint, member.signingKey == wanted.signingKey,
                member.roles == wanted.roles
            else { return false }
            if member.fingerprint == ownFingerprint, member.oprfKey != ownKey { return false }
        }
        return (try? validated()) != nil
    }

    public func member(_ fingerprint: String) -> Member? { members.first { $0.fingerprint == fingerprint } }

    /// The next version with one key holder's key replaced (it left its old key, or fears it was
    /// taken): the same members, roles and limits. Tags made with the old key match nothing made
    /// with the new one, so every entry is made again.
    public func rekeyed(holder: String, key: String) -> CircleManifest {
        CircleManifest(
            circle: circle, name: name, version: version + 1,
            members: members.map { member in
                guard member.fingerprint == holder else { return member }
                return Member(fingerprint: member.fingerprint, signingKey: member.signingKey, roles: member.roles, oprfKey: key)
            }, limits: limits)
    }

    /// The key holder whose key `next` replaces, if `next` is exactly this manifest one version
    /// on with one key holder's key changed; nil for anything else, which a member refuses.
    public func rekeyedHolder(in next: CircleManifest) -> String? {
        guard follows(in: next), next.members.count == members.count, next.keysVersion == next.version else { return nil }
        var changed: [String] = []
        for (old, new) in zip(members, next.members) {
            guard old.fingerprint == new.fingerprint, old.signingKey == new.signingKey, old.roles == new.roles else {
                return nil
            }
            if old.oprfKey != new.oprfKey { changed.append(old.fingerprint) }
        }
        guard changed.count == 1, members.first(where: { $0.fingerprint == changed[0] })?.roles.contains(.keyHolder) == true
        else { return nil }
        return changed[0]
    }

    /// What one version changes from this one, as a member checks it before signing. Anything
    /// that is none of these — two changes at once, a role changed, a version skipped — is refused.
    public enum Change: Sendable, Equatable {
        /// A key holder's key replaced: every entry is made again.
        case rekey(holder: String)
        /// A collective joins as a plain member (never a key holder or the board): tags stay.
        case added(String)
        /// A member leaves, neither the founder nor the board. If it held a key, tags change and
        /// every entry is made again; it must leave at least two key holders.
        case removed(String)
    }

    public func change(to next: CircleManifest) -> Change? {
        if let holder = rekeyedHolder(in: next) { return .rekey(holder: holder) }
        guard follows(in: next) else { return nil }
        if next.members.count == members.count + 1, Array(next.members.prefix(members.count)) == members,
            let joined = next.members.last, joined.roles == [.member], joined.oprfKey == nil,
            next.members.count <= CircleMessage.memberLimit, next.keysVersion == keysVersion
        {
            return .added(joined.fingerprint)
        }
        if next.members.count == members.count - 1, let left = members.first(where: { next.member($0.fingerprint) == nil }),
            removing(left.fingerprint) == next
        {
            return .removed(left.fingerprint)
        }
        return nil
    }

    /// Whether `next` is this circle, name and limits one version on, and valid on its own.
    private func follows(in next: CircleManifest) -> Bool {
        next.circle == circle && next.name == name && next.version == version + 1 && next.limits == limits
            && (try? next.validated()) != nil
    }

    /// The next version with `joined` added as a plain member, at the end.
    public func adding(_ joined: Member) -> CircleManifest {
        CircleManifest(
            circle: circle, name: name, version: version + 1,
            members: members + [Member(fingerprint: joined.fingerprint, signingKey: joined.signingKey, roles: [.member])],
            limits: limits, keysSince: keysVersion)
    }

    /// The next version without `fingerprint`, if the circle can go on without it: never the
    /// founder (it carries every change) or the board (it holds every record), and never a key
    /// holder that would leave fewer than two. Nil means leaving ends the circle.
    public func removing(_ fingerprint: String) -> CircleManifest? {
        guard let leaving = member(fingerprint), members.first?.fingerprint != fingerprint,
            !leaving.roles.contains(.board)
        else { return nil }
        let next = CircleManifest(
            circle: circle, name: name, version: version + 1, members: members.filter { $0.fingerprint != fingerprint },
            limits: limits, keysSince: leaving.roles.contains(.keyHolder) ? nil : keysVersion)
        return (try? next.validated()) != nil ? next : nil
    }

    /// What a member signs to leave this version: the founder carries it to every other member
    /// with the version without the leaver, so no founder can take a member out that did not leave.
    public func leaveStatement() -> Data { Self.leaveStatement(circle: circle, version: version) }

    static func leaveStatement(circle: UUID, version: Int) -> Data {
        Data("tejido-circle-leave:\(circle.uuidString.lowercased()):\(version)".utf8)
    }

    /// Whether `signature` is `fingerprint`'s own, over leaving this version — or the one before:
    /// a member may leave just as a joining it had signed completes, its word still naming the
    /// version it held. No older one: a member that left and was invited back cannot be taken
    /// out again with the word it gave the first time.
    public func leaveHolds(_ signature: Data, by fingerprint: String) -> Bool {
        guard let raw = member(fingerprint).flatMap({ Data(base64Encoded: $0.signingKey) }),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        else { return false }
        return [version, version - 1].contains {
            key.isValidSignature(signature, for: Self.leaveStatement(circle: circle, version: $0))
        }
    }

    /// The board's fingerprint.
    public var board: Member? { members.first { $0.roles.contains(.board) } }

    /// The key holders, in cascade order.
    public var keyHolders: [Member] { members.filter { $0.roles.contains(.keyHolder) } }

    /// Checks a proposal's shape before anyone is asked to join it: the roles as a manifest needs
    /// them (keys aside), a name, within the member limit.
    public static func proposalProblem(name: String, members: [Member], limits: Limits) -> Problem? {
        let keyed = members.map { member in
            Member(
                fingerprint: member.fingerprint, signingKey: member.signingKey, roles: member.roles,
                oprfKey: member.roles.contains(.keyHolder) ? placeholderKey : nil)
        }
        guard (3...CircleMessage.memberLimit).contains(members.count),
            PeerText.checked(name, maximum: CircleMessage.nameLimit) == name
        else { return .roles }
        do {
            _ = try CircleManifest(circle: UUID(), name: name, version: 1, members: keyed, limits: limits).validated()
            return nil
        } catch { return error }
    }

    /// A well-formed key, only to check a proposal's roles before the real keys exist.
    /// Any valid public key will do: the check is of roles, not of this key.
    static let placeholderKey = MatchingKeys.publicKey(of: MatchingKeys.newKey())
}
