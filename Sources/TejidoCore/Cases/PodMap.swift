import Foundation

/// The people the survivor trusts, drawn in rings after the Bay Area Transformative Justice
/// Collective's pod-mapping worksheet: a solid ring of people they would turn to now, and a
/// "maybe" ring of people who could become part of their pod. Supporters are chosen from it.
public struct PodMap: Codable, Sendable, Equatable {
    public enum Ring: String, CaseIterable, Codable, Sendable {
        case solid
        case maybe
    }

    public struct Person: Codable, Sendable, Equatable, Identifiable {
        public var id: UUID
        public var name: String
        public var ring: Ring
        /// Their username here, when they have an account; empty otherwise.
        public var username: String
        public var note: String

        public init(id: UUID = UUID(), name: String, ring: Ring, username: String = "", note: String = "") {
            self.id = id
            self.name = name
            self.ring = ring
            self.username = username
            self.note = note
        }
    }

    public var people: [Person]

    public init(people: [Person] = []) { self.people = people }

    public static let limit = 60

    public mutating func add(_ person: Person) throws {
        var copy = person
        copy.name = person.name.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.username = person.username.trimmingCharacters(in: .whitespacesAndNewlines)
        copy.note = person.note.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if copy.name.isEmpty || copy.name.count > 200 {
            problems.append(FieldProblem(field: "name", messageKey: "error_pod_name"))
        }
        if copy.note.count > 1_000 { problems.append(FieldProblem(field: "note", messageKey: "error_text_long")) }
        if people.count >= Self.limit { problems.append(FieldProblem(field: "name", messageKey: "error_pod_full")) }
        try problems.throwIfAny()
        people.append(copy)
    }

    public mutating func remove(_ id: UUID) { people.removeAll { $0.id == id } }

    public func people(in ring: Ring) -> [Person] { people.filter { $0.ring == ring } }
}
