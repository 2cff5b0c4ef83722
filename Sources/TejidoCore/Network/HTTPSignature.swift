@preconcurrency import Crypto
import Foundation

/// RFC 9421 HTTP Message Signatures with Ed25519, as instances sign their requests to each other.
/// Two checks stay with the caller: that the body matches the signed Content-Digest
/// (`ContentDigest.matches`), and replay, by keeping each verified nonce until its signature expires.
public enum HTTPSignature {
    /// The RFC 9421 signature base (section 2.5) for these parameters; throws
    /// SignatureRefusal.missingComponent when a covered component is absent.
    public static func signatureBase(for message: SignedMessage, parameters: SignatureParameters) throws -> String {
        try signatureBase(for: message, components: parameters.components, signatureParams: serializedParams(parameters))
    }

    public static func sign(
        _ message: SignedMessage, parameters: SignatureParameters, label: String = "sig1",
        key: Curve25519.Signing.PrivateKey
    ) throws -> SignatureHeaders {
        // Writing another algorithm's name beside an Ed25519 signature would send a verifier astray.
        if let algorithm = parameters.algorithm, algorithm != "ed25519" { throw SignatureRefusal.missingParameter }
        guard StructuredField.isKey(label) else { throw SignatureRefusal.malformed }
        let params = try serializedParams(parameters)
        let base = try signatureBase(for: message, components: parameters.components, signatureParams: params)
        let signature = try key.signature(for: Data(base.utf8))
        return SignatureHeaders(
            signatureInput: "\(label)=\(params)", signature: "\(label)=:\(signature.base64EncodedString()):")
    }

    /// Verifies the one signature in the message's Signature/Signature-Input headers. With several
    /// signatures the request is refused as .malformed unless `policy.label` picks one, so that the
    /// signature we checked is the one the caller reasons about.
    public static func verify(
        _ message: SignedMessage, policy: SignaturePolicy, now: Int, key: (String) -> Curve25519.Signing.PublicKey?
    ) -> Result<VerifiedSignature, SignatureRefusal> {
        do throws(SignatureRefusal) {
            return .success(try verifyOrThrow(message, policy: policy, now: now, key: key))
        } catch {
            return .failure(error)
        }
    }

    private static func verifyOrThrow(
        _ message: SignedMessage, policy: SignaturePolicy, now: Int, key: (String) -> Curve25519.Signing.PublicKey?
    ) throws(SignatureRefusal) -> VerifiedSignature {
        let (label, list, signature) = try selectSignature(in: message, label: policy.label)
        let parameters = try SignatureParameters(items: list.items, parameters: list.parameters)
        try SignatureBase.validate(parameters.components)
        if let refusal = policy.check(parameters, now: now) { throw refusal }

        // The base repeats the received Inner List as it was written (re-serialized from the parse,
        // which is byte-identical for any canonical field), so parameter order and unknown
        // parameters are exactly what the signer signed.
        guard let params = StructuredField.serializeInnerList(list.items, parameters: list.parameters) else {
            throw .malformed
        }
        let base = try signatureBase(for: message, components: parameters.components, signatureParams: params)
        guard let publicKey = key(parameters.keyID) else { throw .unknownKey }
        guard publicKey.isValidSignature(signature, for: Data(base.utf8)) else { throw .badSignature }
        return VerifiedSignature(label: label, parameters: parameters)
    }

    private static func selectSignature(
        in message: SignedMessage, label wanted: String?
    ) throws(SignatureRefusal)
        -> (label: String, list: (items: [StructuredField.Item], parameters: StructuredField.Parameters), signature: Data)
    {
        guard let inputField = try message.header("signature-input"),
            let signatureField = try message.header("signature")
        else { throw .unsigned }
        guard let inputs = StructuredField.parseDictionary(inputField),
            let signatures = StructuredField.parseDictionary(signatureField)
        else { throw .malformed }
        if inputs.isEmpty && signatures.isEmpty { throw .unsigned }

        let label: String
        if let wanted {
            guard inputs.contains(where: { $0.key == wanted }) else { throw .unsigned }
            label = wanted
        } else {
            guard inputs.count == 1, signatures.count == 1 else { throw .malformed }
            label = inputs[0].key
        }
        guard case .innerList(let items, let parameters)? = inputs.first(where: { $0.key == label })?.member,
            case .item(let item)? = signatures.first(where: { $0.key == label })?.member,
            case .byteSequence(let signature) = item.value, item.parameters.isEmpty,
            signature.count == 64
        else { throw .malformed }
        return (label, (items, parameters), signature)
    }

    private static func serializedParams(_ parameters: SignatureParameters) throws(SignatureRefusal) -> String {
        let list = parameters.innerList
        guard let text = StructuredField.serializeInnerList(list.items, parameters: list.parameters) else {
            throw .malformed
        }
        return text
    }

    private static func signatureBase(
        for message: SignedMessage, components: [String], signatureParams: String
    )
        throws(SignatureRefusal) -> String
    {
        try SignatureBase.build(message, components: components, signatureParams: signatureParams)
    }
}
