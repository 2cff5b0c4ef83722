import Foundation

/// What a signature says about itself (RFC 9421 section 2.3): the components it covers and when,
/// by which key, for what purpose.
public struct SignatureParameters: Sendable, Equatable {
    /// Component identifiers in order, e.g. ["@method", "@target-uri", "content-type", "content-digest"].
    public var components: [String]
    /// Unix seconds.
    public var created: Int
    public var expires: Int?
    public var nonce: String?
    public var keyID: String
    /// "ed25519" when we sign.
    public var algorithm: String?
    /// "tejido-peer" for requests between instances.
    public var tag: String?

    public init(
        components: [String], created: Int, expires: Int? = nil, nonce: String? = nil, keyID: String,
        algorithm: String? = nil, tag: String? = nil
    ) {
        self.components = components
        self.created = created
        self.expires = expires
        self.nonce = nonce
        self.keyID = keyID
        self.algorithm = algorithm
        self.tag = tag
    }

    /// The parameters `SignaturePolicy.peer` asks for, valid for `lifetime` seconds from `created`.
    /// The nonce must be fresh for every request: the receiver keeps it in a replay cache.
    public static func peer(keyID: String, created: Int, nonce: String, lifetime: Int = 60) -> SignatureParameters {
        SignatureParameters(
            components: SignaturePolicy.peer.requiredComponents, created: created, expires: created + lifetime,
            nonce: nonce, keyID: keyID, algorithm: "ed25519", tag: "tejido-peer")
    }

    /// The Inner List written into Signature-Input, parameters in RFC 9421's order of definition.
    var innerList: (items: [StructuredField.Item], parameters: StructuredField.Parameters) {
        var parameters: StructuredField.Parameters = [("created", .integer(created))]
        if let expires { parameters.append(("expires", .integer(expires))) }
        if let nonce { parameters.append(("nonce", .string(nonce))) }
        parameters.append(("keyid", .string(keyID)))
        if let algorithm { parameters.append(("alg", .string(algorithm))) }
        if let tag { parameters.append(("tag", .string(tag))) }
        return (components.map { StructuredField.Item(value: .string($0)) }, parameters)
    }

    /// Reads a received Signature-Input member. Parameters we do not know are left for the signature
    /// base (which repeats them) but otherwise ignored, as RFC 9421 section 2.3 allows.
    init(items: [StructuredField.Item], parameters: StructuredField.Parameters) throws(SignatureRefusal) {
        var components: [String] = []
        for item in items {
            // Component parameters (;sf, ;key, ;bs, ;req, ;name) change what a component means; we support none.
            guard case .string(let name) = item.value, item.parameters.isEmpty else { throw .malformed }
            components.append(name)
        }
        var created: Int?
        var keyID: String?
        self.init(components: components, created: 0, keyID: "")
        for (key, value) in parameters {
            switch (key, value) {
            case ("created", .integer(let number)): created = number
            case ("expires", .integer(let number)): expires = number
            case ("nonce", .string(let text)): nonce = text
            case ("keyid", .string(let text)): keyID = text
            case ("alg", .string(let text)): algorithm = text
            case ("tag", .string(let text)): tag = text
            case ("created", _), ("expires", _), ("nonce", _), ("keyid", _), ("alg", _), ("tag", _): throw .malformed
            default: continue
            }
        }
        guard let created, let keyID else { throw .missingParameter }
        self.created = created
        self.keyID = keyID
    }
}
