/// The fixed words around a protocol — block names, response names, section headings — in each
/// language. They live in the domain so an export made from the command line reads the same as
/// the page, and a switch over each enum keeps both languages complete.
public enum ProtocolVocabulary {
    public static func name(of block: BlockKind, in language: Language) -> String {
        switch (block, language) {
        case (.education, .en): "Continuous education"
        case (.education, .es): "Formación continua"
        case (.prevention, .en): "Prevention"
        case (.prevention, .es): "Prevención"
        case (.intervention, .en): "Intervention"
        case (.intervention, .es): "Intervención"
        }
    }

    public static func name(of response: ResponseKind, in language: Language) -> String {
        switch (response, language) {
        case (.supportOnly, .en): "Support only"
        case (.supportOnly, .es): "Solo acompañamiento"
        case (.conversation, .en): "A conversation"
        case (.conversation, .es): "Una conversación"
        case (.internalMediation, .en): "Mediation inside the collective"
        case (.internalMediation, .es): "Mediación dentro del colectivo"
        case (.outsideMediation, .en): "Mediation by a like-minded outside group"
        case (.outsideMediation, .es): "Mediación de un grupo afín de fuera"
        case (.restorativeProcess, .en): "Restorative process with an accountability plan"
        case (.restorativeProcess, .es): "Proceso restaurativo con plan de responsabilización"
        case (.temporaryLimits, .en): "Temporary limits on participation"
        case (.temporaryLimits, .es): "Límites temporales a la participación"
        case (.suspension, .en): "Suspension"
        case (.suspension, .es): "Suspensión"
        case (.expulsion, .en): "Expulsion, as part of the restorative proposal"
        case (.expulsion, .es): "Expulsión, como parte de la propuesta restaurativa"
        case (.alertOtherCollectives, .en): "Alert to other collectives"
        case (.alertOtherCollectives, .es): "Aviso a otros colectivos"
        }
    }

    public enum Heading: CaseIterable, Sendable {
        case introduction, agreement, commitments, notTolerated, harmTypes, levels, allowed, recommended
        case needsAssembly, leavingRule, careCommitments, guidanceQuestions, blockIntroduction, considerationTitle
        case considerationText, harmName, harmDescription, levelName, levelDescription, responses, title, languages
        case version, adopted, draft, source, order
    }

    public static func heading(_ heading: Heading, in language: Language) -> String {
        switch language {
        case .en: english(heading)
        case .es: spanish(heading)
        }
    }

    private static func english(_ heading: Heading) -> String {
        switch heading {
        case .introduction: "Introduction"
        case .agreement: "Co-existence agreement"
        case .commitments: "What we commit to"
        case .notTolerated: "What we do not tolerate"
        case .harmTypes: "Types of harm and how serious they are"
        case .levels: "Levels"
        case .allowed: "Responses the collective allows"
        case .recommended: "Recommended"
        case .needsAssembly: "Needs an assembly decision"
        case .leavingRule: "When someone stops belonging to the collective"
        case .careCommitments: "Care for everyone involved"
        case .guidanceQuestions: "Questions to guide us"
        case .blockIntroduction: "About this block"
        case .considerationTitle: "Title"
        case .considerationText: "Text"
        case .harmName: "Name"
        case .harmDescription: "Description"
        case .levelName: "Level"
        case .levelDescription: "What this level means"
        case .responses: "Responses"
        case .title: "Title"
        case .languages: "Languages"
        case .version: "Version"
        case .adopted: "adopted"
        case .draft: "draft, not adopted"
        case .source: "Source"
        case .order: "order"
        }
    }

    private static func spanish(_ heading: Heading) -> String {
        switch heading {
        case .introduction: "Introducción"
        case .agreement: "Acuerdo de convivencia"
        case .commitments: "A qué nos comprometemos"
        case .notTolerated: "Lo que no toleramos"
        case .harmTypes: "Tipos de daño y su gravedad"
        case .levels: "Niveles"
        case .allowed: "Respuestas que el colectivo admite"
        case .recommended: "Recomendada"
        case .needsAssembly: "Necesita decisión de la asamblea"
        case .leavingRule: "Cuándo una persona deja de pertenecer al colectivo"
        case .careCommitments: "Cuidados para todas las personas implicadas"
        case .guidanceQuestions: "Preguntas que nos guían"
        case .blockIntroduction: "Sobre este bloque"
        case .considerationTitle: "Título"
        case .considerationText: "Texto"
        case .harmName: "Nombre"
        case .harmDescription: "Descripción"
        case .levelName: "Nivel"
        case .levelDescription: "Qué significa este nivel"
        case .responses: "Respuestas"
        case .title: "Título"
        case .languages: "Idiomas"
        case .version: "Versión"
        case .adopted: "adoptada"
        case .draft: "borrador, sin adoptar"
        case .source: "Fuente"
        case .order: "orden"
        }
    }

    public static func languageName(_ language: Language, in reader: Language) -> String {
        switch (language, reader) {
        case (.en, .en): "English"
        case (.en, .es): "inglés"
        case (.es, .en): "Spanish"
        case (.es, .es): "español"
        }
    }
}
