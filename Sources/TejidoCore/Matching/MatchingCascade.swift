@preconcurrency import Crypto
import Foundation
@preconcurrency import _CryptoExtras

/// The tag of one identifier in one matching circle: 32 bytes no party can compute alone.
///
/// The home instance blinds the canonical text for the first key holder, which evaluates it with
/// its P-384 VOPRF key (RFC 9497) without seeing it; the home instance checks the proof against the
/// key pinned in the circle's manifest and unblinds. That output is the input to the next key
/// holder, in the manifest's order, and so on. The last output, through HKDF with the circle's id,
/// is the tag the board stores. A key holder sees only blinded points; the board sees only tags;
/// nobody without every key holder's cooperation can test a guess.
public struct MatchTag: Sendable, Hashable, Codable, CustomStringConvertible {
    public let hex: String

    public init(bytes: Data) { hex = bytes.map { String(format: "%02x", $0) }.joined() }

    public init?(hex: String) {
        guard hex.count == 64, hex.allSatisfy(\.isHexDigit), hex == hex.lowercased() else { return nil }
        self.hex = hex
    }

    public var description: String { hex }
}

public enum MatchingCascade {
    /// Why a cascade stopped. The entry stays pending; nothing was learned by anyone.
    public enum Problem: Error, Sendable, Equatable {
        /// A key holder's answer did not parse, or its proof does not hold for its pinned key.
        case badAnswer(holder: Int)
        case noKeyHolders
    }

    /// Asks key holder `holder` (its index in the manifest) to evaluate a blinded element; returns
    /// its serialized blind evaluation (element and proof).
    public typealias Evaluate = @Sendable (_ holder: Int, _ blinded: Data) async throws -> Data

    static let domain = "tejido-match-v1|"
    static let tagInfo = Data("tejido-match-tag-v1".utf8)

    /// The tag for `canonical` (from `MatchingIdentifier.canonical`) in circle `circle`, through
    /// every key holder in turn.
    public static func tag(
        for canonical: String, circle: UUID, holders: [P384._VOPRF.PublicKey], evaluate: Evaluate
    ) async throws -> MatchTag {
        guard !holders.isEmpty else { throw Problem.noKeyHolders }
        var input = Data((domain + canonical).utf8)
        for (index, key) in holders.enumerated() {
            let blinded = try key.blind(input)
            let answer = try await evaluate(index, blinded.blindedElement.oprfRepresentation)
            do {
                let evaluation = try P384._VOPRF.BlindEvaluation(rawRepresentation: answer)
                input = try key.finalize(blinded, using: evaluation)
            } catch {
                throw Problem.badAnswer(holder: index)
            }
        }
        return tag(fromOutput: input, circle: circle)
    }

    /// The tags of an entry's identifiers, all through the cascade at the same time (each key
    /// holder answers each request on its own, so an entry costs about one identifier's time per
    /// core rather than four). In the order given.
    public static func tags(
        for canonicals: [String], circle: UUID, holders: [P384._VOPRF.PublicKey], evaluate: @escaping Evaluate
    ) async throws -> [MatchTag] {
        let keys = holders.map(\.rawRepresentation)
        return try await withThrowingTaskGroup(of: (Int, MatchTag).self) { group in
            for (index, canonical) in canonicals.enumerated() {
                group.addTask {
                    let pinned = try keys.map { try P384._VOPRF.PublicKey(rawRepresentation: $0) }
                    return (index, try await tag(for: canonical, circle: circle, holders: pinned, evaluate: evaluate))
                }
            }
            var tags = [MatchTag?](repeating: nil, count: canonicals.count)
            for try await (index, tag) in group { tags[index] = tag }
            return tags.compactMap { $0 }
        }
    }

    /// Asks key holder `holder` to evaluate several blinded elements at once; returns their
    /// serialized evaluations, in the same order.
    public typealias EvaluateAll = @Sendable (_ holder: Int, _ blinded: [Data]) async throws -> [Data]

    /// An entry's tags with one request per key holder rather than one per identifier: every
    /// identifier is blinded for the first key holder and sent together, the answers checked and
    /// unblinded (on every core), then the same with the next. The same tags as `tags(for:…evaluate:)`.
    public static func tags(
        for canonicals: [String], circle: UUID, holders: [P384._VOPRF.PublicKey], evaluateAll: EvaluateAll
    ) async throws -> [MatchTag] {
        guard !holders.isEmpty else { throw Problem.noKeyHolders }
        var inputs = canonicals.map { Data((domain + $0).utf8) }
        for (index, key) in holders.enumerated() {
            let raw = key.rawRepresentation
            // Blinded side by side, as they are finalized: each is a P-384 multiplication.
            let blinded = try await withThrowingTaskGroup(of: (Int, Blinding).self) { group in
                for (position, input) in inputs.enumerated() {
                    group.addTask {
                        (position, Blinding(input: try P384._VOPRF.PublicKey(rawRepresentation: raw).blind(input)))
                    }
                }
                var blinded = [P384._VOPRF.BlindedInput?](repeating: nil, count: inputs.count)
                for try await (position, blinding) in group { blinded[position] = blinding.input }
                return blinded.compactMap { $0 }
            }
            let answers = try await evaluateAll(index, blinded.map(\.blindedElement.oprfRepresentation))
            guard answers.count == blinded.count else { throw Problem.badAnswer(holder: index) }
            let pairs = zip(blinded, answers).map { Unblinding(blinded: $0, answer: $1) }
            inputs = try await withThrowingTaskGroup(of: (Int, Data).self) { group in
                for (position, pair) in pairs.enumerated() {
                    group.addTask {
                        do {
                            let key = try P384._VOPRF.PublicKey(rawRepresentation: raw)
                            let evaluation = try P384._VOPRF.BlindEvaluation(rawRepresentation: pair.answer)
                            return (position, try key.finalize(pair.blinded, using: evaluation))
                        } catch {
                            throw Problem.badAnswer(holder: index)
                        }
                    }
                }
                var outputs = [Data](repeating: Data(), count: pairs.count)
                for try await (position, output) in group { outputs[position] = output }
                return outputs
            }
        }
        return inputs.map { tag(fromOutput: $0, circle: circle) }
    }

    /// One blinded input and the key holder's answer for it, carried to the task that unblinds it.
    private struct Blinding: @unchecked Sendable {
        let input: P384._VOPRF.BlindedInput
    }

    private struct Unblinding: @unchecked Sendable {
        let blinded: P384._VOPRF.BlindedInput
        let answer: Data
    }

    static func tag(fromOutput output: Data, circle: UUID) -> MatchTag {
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: output), salt: Data(circle.uuidString.lowercased().utf8), info: tagInfo,
            outputByteCount: 32)
        return MatchTag(bytes: key.withUnsafeBytes { Data($0) })
    }

    /// The key holder's side: evaluates one blinded element with its key. It learns nothing of the
    /// input; refusing past its daily quota is its caller's (`EvaluationQuota`).
    public static func evaluate(_ blinded: Data, with key: P384._VOPRF.PrivateKey) throws -> Data {
        let element = try P384._VOPRF.BlindedElement(oprfRepresentation: blinded)
        return try key.evaluate(element).rawRepresentation
    }

    /// Several at once, on every core; in the order given.
    public static func evaluate(_ blinded: [Data], with key: P384._VOPRF.PrivateKey) async throws -> [Data] {
        let raw = key.rawRepresentation
        return try await withThrowingTaskGroup(of: (Int, Data).self) { group in
            for (position, element) in blinded.enumerated() {
                group.addTask { (position, try evaluate(element, with: try P384._VOPRF.PrivateKey(rawRepresentation: raw))) }
            }
            var answers = [Data](repeating: Data(), count: blinded.count)
            for try await (position, answer) in group { answers[position] = answer }
            return answers
        }
    }
}

/// How many evaluations a key holder gives one instance in a day.
public struct EvaluationQuota: Sendable, Equatable, Codable {
    public let perInstancePerDay: Int

    public init(perInstancePerDay: Int) { self.perInstancePerDay = perInstancePerDay }

    /// An entry of 4 identifiers through the cascade costs 4 evaluations at each key holder.
    public static let standard = EvaluationQuota(perInstancePerDay: 40)

    public func allows(alreadyToday: Int) -> Bool { alreadyToday < perInstancePerDay }
}
