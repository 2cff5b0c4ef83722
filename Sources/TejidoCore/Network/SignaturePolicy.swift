import Foundation

/// What a verifier insists on beyond a signature that checks out.
public struct SignaturePolicy: Sendable {
    public var requiredComponents: [String]
    public var requireExpires: Bool
    public var requireNonce: Bool
    public var requireAlgorithm: String?
    public var requireTag: String?
    /// Longest allowed time between created and expires; without expires, how long after created a
    /// signature is still taken, so a signature that never names an end still ends.
    public var maximumLifetime: Int
    /// How far apart our clock and the signer's may be, in seconds.
    public var clockSkew: Int
    /// When set, only the signature under this label is verified and others are ignored.
    public var label: String?

    public init(
        requiredComponents: [String], requireExpires: Bool, requireNonce: Bool, requireAlgorithm: String?,
        requireTag: String?, maximumLifetime: Int, clockSkew: Int, label: String? = nil
    ) {
        self.requiredComponents = requiredComponents
        self.requireExpires = requireExpires
        self.requireNonce = requireNonce
        self.requireAlgorithm = requireAlgorithm
        self.requireTag = requireTag
        self.maximumLifetime = maximumLifetime
        self.clockSkew = clockSkew
        self.label = label
    }

    /// Requests between Tejido instances (issue 18): the method, the full target and the body's digest
    /// are covered, so a captured signature cannot be moved to another endpoint, collective or body;
    /// a nonce for the replay cache and a short expiry bound how long a capture is worth anything.
    public static let peer = SignaturePolicy(
        requiredComponents: ["@method", "@target-uri", "content-type", "content-digest"], requireExpires: true,
        requireNonce: true, requireAlgorithm: "ed25519", requireTag: "tejido-peer", maximumLifetime: 300, clockSkew: 60)

    /// Only what RFC 9421 Appendix B.2.6 carries (created and keyid), so the published example verifies
    /// at its own `created` time. For tests of the implementation, never for accepting requests.
    public static let rfcExample = SignaturePolicy(
        requiredComponents: [], requireExpires: false, requireNonce: false, requireAlgorithm: nil, requireTag: nil,
        maximumLifetime: 300, clockSkew: 60)

    /// The checks that need no key: coverage, parameters and time.
    func check(_ parameters: SignatureParameters, now: Int) -> SignatureRefusal? {
        if requiredComponents.contains(where: { !parameters.components.contains($0) }) { return .missingComponent }
        if requireExpires && parameters.expires == nil { return .missingParameter }
        if requireNonce && parameters.nonce == nil { return .missingParameter }
        if let requireAlgorithm, parameters.algorithm != requireAlgorithm { return .missingParameter }
        // Ed25519 is the only algorithm we verify; a signature claiming another cannot be one of ours.
        if let algorithm = parameters.algorithm, algorithm != "ed25519" { return .missingParameter }
        if let requireTag, parameters.tag != requireTag { return .missingParameter }

        let created = parameters.created
        if let expires = parameters.expires, expires < created { return .malformed }
        if created > now + clockSkew { return .notYetValid }
        let ends = parameters.expires ?? created + maximumLifetime
        if now > ends + clockSkew { return .expired }
        if let expires = parameters.expires, expires - created > maximumLifetime { return .lifetimeTooLong }
        return nil
    }
}
