import Foundation

/// What a passphrase must be. Length is counted in characters as a person sees them, so a
/// passphrase in any script is measured fairly.
public enum PassphrasePolicy {
    public static let lengthRange = 10...256

    /// Returns the problems with `passphrase`, empty when it is acceptable.
    public static func problems(
        _ passphrase: String, username: String? = nil, field: String = "passphrase"
    )
        -> [FieldProblem]
    {
        guard lengthRange.contains(passphrase.count) else {
            let key = passphrase.count < lengthRange.lowerBound ? "error_passphrase_short" : "error_passphrase_long"
            return [FieldProblem(field: field, messageKey: key)]
        }
        if isCommon(passphrase, username: username) {
            return [FieldProblem(field: field, messageKey: "error_passphrase_common")]
        }
        return []
    }

    /// Common passwords, and the usual dressing of them ("Password2024!", "qwertyqwerty",
    /// "aaaaaaaaaa", the person's own username), are the first thing any guesser tries.
    public static func isCommon(_ passphrase: String, username: String? = nil) -> Bool {
        let folded = passphrase.lowercased().folding(options: [.diacriticInsensitive], locale: nil)
        if CommonPassphrases.list.contains(folded) { return true }
        let core = folded.trimmingCharacters(in: .decimalDigits.union(.punctuationCharacters).union(.symbols).union(.whitespaces))
        if core.isEmpty || CommonPassphrases.list.contains(core) || CommonPassphrases.words.contains(core) {
            return true
        }
        if Set(folded).count <= 2 { return true }
        if isRepetition(folded) || isSequence(folded) { return true }
        if let username, username.count >= 3 {
            let name = Username.normalize(username)
            if core == name || folded.replacingOccurrences(of: name, with: "").count < 4 { return true }
        }
        return false
    }

    /// "abcabcabcabc", "qwertyqwerty": a short unit repeated.
    private static func isRepetition(_ text: String) -> Bool {
        let chars = Array(text)
        for unit in 1...max(1, chars.count / 2) where chars.count % unit == 0 {
            let head = Array(chars[0..<unit])
            if stride(from: 0, to: chars.count, by: unit).allSatisfy({ Array(chars[$0..<$0 + unit]) == head }) {
                return true
            }
        }
        return false
    }

    /// "1234567890", "abcdefghijk", "9876543210": one step up or down the alphabet or digits.
    private static func isSequence(_ text: String) -> Bool {
        let scalars = text.unicodeScalars.map(\.value)
        guard scalars.count > 2 else { return false }
        let steps = Set(zip(scalars, scalars.dropFirst()).map { Int($1) - Int($0) })
        return steps == [1] || steps == [-1]
    }
}
