import Foundation

/// A language code as a name a reader understands ("ar" → "Arabic", "Árabe"); the code itself,
/// in capitals, where no name is known (the codes of many Indigenous languages).
public enum LanguageNames {
    public static func name(of code: String, in reader: Language) -> String {
        guard let name = Locale(identifier: reader.rawValue).localizedString(forLanguageCode: code), !name.isEmpty,
            name.lowercased() != code.lowercased()
        else { return code.uppercased() }
        return name.prefix(1).uppercased() + name.dropFirst()
    }
}
