import Foundation

/// JSON from another instance, read strictly: a field this release does not know is refused rather
/// than silently dropped, so a peer never believes it sent something that was ignored.
public enum StrictJSON {
    public enum Problem: Error, Equatable, Sendable {
        case invalid
        case unknownField(String)
    }

    public static func decode<T: Codable>(_ type: T.Type, from data: Data) throws -> T {
        let value: T
        let raw: Any
        do {
            value = try JSONDecoder().decode(T.self, from: data)
            raw = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch { throw Problem.invalid }
        // Whatever the type keeps is what it wrote back; anything else in the input was unknown.
        let known = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value), options: [.fragmentsAllowed])
        if let field = unknownField(raw, known, path: "") { throw Problem.unknownField(field) }
        return value
    }

    private static func unknownField(_ raw: Any, _ known: Any, path: String) -> String? {
        if let object = raw as? [String: Any] {
            let kept = known as? [String: Any] ?? [:]
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                let here = path.isEmpty ? key : path + "." + key
                guard let keptValue = kept[key] else {
                    if value is NSNull { continue }
                    return here
                }
                if let found = unknownField(value, keptValue, path: here) { return found }
            }
        } else if let array = raw as? [Any], let kept = known as? [Any], array.count == kept.count {
            for (index, element) in array.enumerated() {
                if let found = unknownField(element, kept[index], path: "\(path)[\(index)]") { return found }
            }
        }
        return nil
    }
}
