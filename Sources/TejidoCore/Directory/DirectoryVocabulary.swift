/// The fixed words of the directory in each language, kept in the domain so the search index
/// finds an entry by its kind's name in either language.
public enum DirectoryVocabulary {
    public static func name(of kind: ResourceKind, in language: Language) -> String {
        switch language {
        case .en: english(kind)
        case .es: spanish(kind)
        }
    }

    private static func english(_ kind: ResourceKind) -> String {
        switch kind {
        case .crisisLine: "Crisis line"
        case .survivorSupport: "Survivor support service"
        case .transformativeJustice: "Transformative-justice or community-accountability collective"
        case .crisisTeam: "Community crisis team"
        case .counselling: "Counselling and mental health"
        case .programmeForPeopleWhoHarmed: "Programme for people who harmed"
        case .immigrationLegal:
            "Immigration legal help (residence for victims of violence, asylum, and remedies such as US VAWA self-petitions and U or T visas)"
        case .victimCompensation: "Victim compensation"
        case .masculinityGroup: "Masculinity group"
        case .shelter: "Shelter or safe housing"
        case .medical: "Medical care, including forensic exams"
        case .legal: "Legal help"
        case .childrenAndYoungPeople: "Children and young people"
        }
    }

    private static func spanish(_ kind: ResourceKind) -> String {
        switch kind {
        case .crisisLine: "Línea de crisis"
        case .survivorSupport: "Servicio de apoyo a sobrevivientes"
        case .transformativeJustice: "Colectivo de justicia transformativa o responsabilidad comunitaria"
        case .crisisTeam: "Equipo comunitario de crisis"
        case .counselling: "Acompañamiento psicológico y salud mental"
        case .programmeForPeopleWhoHarmed: "Programa para personas que causaron daño"
        case .immigrationLegal:
            "Ayuda legal migratoria (residencia para víctimas de violencia, asilo, y vías como la autopetición VAWA y las visas U o T de EE. UU.)"
        case .victimCompensation: "Indemnización a víctimas"
        case .masculinityGroup: "Grupo de masculinidades"
        case .shelter: "Refugio o vivienda segura"
        case .medical: "Atención médica, incluidos exámenes forenses"
        case .legal: "Ayuda legal"
        case .childrenAndYoungPeople: "Infancia y juventud"
        }
    }
}
