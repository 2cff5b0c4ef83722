/// The responses a collective can choose from. Fixed, because later parts of Tejido act on them
/// (an assembly item, limits on participation, an alert to another collective).
public enum ResponseKind: String, CaseIterable, Sendable, Codable, Comparable {
    case supportOnly = "support_only"
    case conversation
    case internalMediation = "internal_mediation"
    case outsideMediation = "outside_mediation"
    case restorativeProcess = "restorative_process"
    case temporaryLimits = "temporary_limits"
    case suspension
    case expulsion
    case alertOtherCollectives = "alert_other_collectives"

    public static func < (lhs: ResponseKind, rhs: ResponseKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// For one harm type at one level: which responses the collective allows, which of those it
/// recommends, and which of those may only happen after an assembly decision.
public struct ResponseRules: Equatable, Sendable, Codable {
    public private(set) var allowed: [ResponseKind]
    public private(set) var recommended: [ResponseKind]
    public private(set) var needsAssembly: [ResponseKind]

    /// Kept sorted and without repeats, so two equal rule sets compare equal and diff cleanly.
    public init(allowed: [ResponseKind], recommended: [ResponseKind] = [], needsAssembly: [ResponseKind] = []) {
        self.allowed = Array(Set(allowed)).sorted()
        self.recommended = Array(Set(recommended)).sorted()
        self.needsAssembly = Array(Set(needsAssembly)).sorted()
    }

    public static let none = ResponseRules(allowed: [])

    /// Responses that bring the person harmed and the respondent into contact, or rest on both
    /// taking part: any one harm whose protocol does not allow them rules them out for the case.
    static let contactResponses: Set<ResponseKind> = [
        .conversation, .internalMediation, .outsideMediation, .restorativeProcess,
    ]

    /// What a case classified with several harms may offer. Limits, suspension, expulsion and
    /// alerts answer to the most serious harm, so one harm allowing them is enough; a response that
    /// brings people together must suit every harm (no mediation if any harm rules it out). What
    /// any harm reserves to the assembly stays reserved; what any recommends stays recommended.
    public static func combined(_ all: [ResponseRules]) -> ResponseRules {
        guard let first = all.first else { return .none }
        guard all.count > 1 else { return first }
        var allowed = Set(all.flatMap(\.allowed))
        for kind in contactResponses where !all.allSatisfy({ $0.allowed.contains(kind) }) { allowed.remove(kind) }
        return ResponseRules(
            allowed: Array(allowed), recommended: all.flatMap(\.recommended).filter(allowed.contains),
            needsAssembly: all.flatMap(\.needsAssembly).filter(allowed.contains))
    }

    /// What a case may offer for this harm at this level.
    public var options: [ResponseOption] {
        allowed.map {
            ResponseOption(kind: $0, isRecommended: recommended.contains($0), needsAssembly: needsAssembly.contains($0))
        }
    }
}

public struct ResponseOption: Equatable, Sendable {
    public let kind: ResponseKind
    public let isRecommended: Bool
    public let needsAssembly: Bool
}

public enum ProtocolLookupError: Error, Equatable, Sendable {
    case unknownHarmType(String)
    case unknownLevel(harmType: String, level: String)
}

extension ProtocolDocument {
    /// The same question for a case that names several harms: see `ResponseRules.combined`.
    public func responses(for harms: [HarmChoice]) throws -> ResponseRules {
        ResponseRules.combined(try harms.map { try responses(harmType: $0.harmType, level: $0.level) })
    }

    /// The question the case workflow asks: for this harm at this level, which responses are
    /// allowed, which are recommended, and which need the assembly?
    public func responses(harmType harmID: String, level levelID: String) throws -> ResponseRules {
        guard let harm = harmType(harmID) else { throw ProtocolLookupError.unknownHarmType(harmID) }
        guard let level = harm.level(levelID) else { throw ProtocolLookupError.unknownLevel(harmType: harmID, level: levelID) }
        return level.responses
    }

    /// Whether `response` may be applied now for this harm and level, given whether the assembly
    /// has decided on it. Anything the protocol does not allow is never applicable.
    public func mayApply(
        _ response: ResponseKind, harmType harmID: String, level levelID: String, assemblyDecided: Bool
    ) throws -> Bool {
        let rules = try responses(harmType: harmID, level: levelID)
        guard rules.allowed.contains(response) else { return false }
        return !rules.needsAssembly.contains(response) || assemblyDecided
    }
}
