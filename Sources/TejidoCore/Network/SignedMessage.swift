import Foundation

/// The parts of a request a signature covers. Header names are matched case-insensitively.
public struct SignedMessage: Sendable {
    public var method: String
    /// Absolute, as the sender addressed it: "https://a.example/peer/v1/c/ID/protocol".
    public var targetURI: String
    /// Field name (any case) to its value, with repeated field lines already combined.
    public var headers: [String: String]

    public init(method: String, targetURI: String, headers: [String: String]) {
        self.method = method
        self.targetURI = targetURI
        self.headers = headers
    }

    /// The one value for `name`, whatever its case. Two keys that differ only in case would let the
    /// signer and the verifier read different values, so that is refused rather than resolved.
    func header(_ name: String) throws(SignatureRefusal) -> String? {
        let matches = headers.filter { $0.key.lowercased() == name }
        guard matches.count <= 1 else { throw .malformed }
        return matches.first?.value
    }
}

/// The values of the Signature-Input and Signature fields a signer adds to its request.
public struct SignatureHeaders: Sendable, Equatable {
    public static let signatureInputName = "Signature-Input"
    public static let signatureName = "Signature"

    public var signatureInput: String
    public var signature: String

    public init(signatureInput: String, signature: String) {
        self.signatureInput = signatureInput
        self.signature = signature
    }
}

/// Why a signed request was not accepted. Peers only ever see a 404; these are for the admins' counts.
public enum SignatureRefusal: String, Error, Sendable, CaseIterable {
    /// No Signature or Signature-Input field (or none under the label the policy asks for).
    case unsigned
    /// Unparseable fields, label mismatch, bad base64, wrong types, unsupported component parameters.
    case malformed
    /// A required component is not covered, or a covered field is absent from the message.
    case missingComponent
    /// A parameter the policy requires is absent, or alg is not ed25519, or tag is not ours.
    case missingParameter
    /// The key lookup knew no key by this keyid.
    case unknownKey
    /// Ed25519 verification failed.
    case badSignature
    /// Now is later than expires (or created plus the policy's lifetime) plus the clock skew.
    case expired
    /// Created is later than now plus the clock skew.
    case notYetValid
    /// Expires is further after created than the policy allows.
    case lifetimeTooLong
}

/// A signature that verified, with the label it was found under and its parameters,
/// so the caller can record the nonce in its replay cache and look up who `keyID` is.
public struct VerifiedSignature: Sendable, Equatable {
    public var label: String
    public var parameters: SignatureParameters

    public init(label: String, parameters: SignatureParameters) {
        self.label = label
        self.parameters = parameters
    }
}
