extension ProtocolTemplate {
    /// Three ways of responding, from least to most severe. "Support only" is always allowed, so
    /// a person harmed who wants nothing more for now is never pushed further.
    static let ofConcern = ResponseRules(
        allowed: [.supportOnly, .conversation, .internalMediation, .outsideMediation, .restorativeProcess],
        recommended: [.supportOnly, .conversation])
    static let serious = ResponseRules(
        allowed: [
            .supportOnly, .conversation, .outsideMediation, .restorativeProcess, .temporaryLimits, .suspension,
            .alertOtherCollectives,
        ],
        recommended: [.restorativeProcess, .temporaryLimits],
        needsAssembly: [.suspension, .alertOtherCollectives])
    static let verySerious = ResponseRules(
        allowed: [
            .supportOnly, .outsideMediation, .restorativeProcess, .temporaryLimits, .suspension, .expulsion,
            .alertOtherCollectives,
        ],
        recommended: [.restorativeProcess, .temporaryLimits, .suspension],
        needsAssembly: [.suspension, .expulsion, .alertOtherCollectives])
    /// For sexual harm and harm to children, no mediation or conversation that puts the person
    /// harmed face to face with the person who harmed, at any level.
    static let verySeriousWithoutMediation = ResponseRules(
        allowed: [.supportOnly, .restorativeProcess, .temporaryLimits, .suspension, .expulsion, .alertOtherCollectives],
        recommended: [.restorativeProcess, .temporaryLimits, .suspension],
        needsAssembly: [.suspension, .expulsion, .alertOtherCollectives])
    static let seriousWithoutMediation = ResponseRules(
        allowed: [.supportOnly, .restorativeProcess, .temporaryLimits, .suspension, .alertOtherCollectives],
        recommended: [.restorativeProcess, .temporaryLimits],
        needsAssembly: [.suspension, .alertOtherCollectives])

    static func levels(
        _ first: (en: String, es: String), _ second: (en: String, es: String), _ third: (en: String, es: String),
        rules: (ResponseRules, ResponseRules, ResponseRules) = (ofConcern, serious, verySerious)
    ) -> [SeverityLevel] {
        [
            SeverityLevel(
                id: "1", name: text("Of concern", "Preocupante"), description: text(first.en, first.es), responses: rules.0),
            SeverityLevel(id: "2", name: text("Serious", "Grave"), description: text(second.en, second.es), responses: rules.1),
            SeverityLevel(
                id: "3", name: text("Very serious", "Muy grave"), description: text(third.en, third.es), responses: rules.2),
        ]
    }

    static var harmTypes: [HarmType] {
        [
            HarmType(
                id: "psychological", name: text("Psychological or verbal", "Psicológica o verbal"),
                description: text(
                    "Insults, humiliation, contempt, manipulation, isolating someone.",
                    "Insultos, humillaciones, desprecio, manipulación, aislar a alguien."),
                levels: levels(
                    ("A hurtful remark or attitude, once.", "Un comentario o actitud hiriente, una vez."),
                    (
                        "A repeated pattern, or one that makes someone afraid or withdraw.",
                        "Un patrón repetido, o que hace que alguien sienta miedo o se aparte."
                    ),
                    (
                        "Sustained control or humiliation that harms someone's health or life.",
                        "Control o humillación sostenidos que dañan la salud o la vida de alguien."
                    ))),
            HarmType(
                id: "economic", name: text("Economic", "Económica"),
                description: text(
                    "Controlling, taking or withholding someone's money, work or resources.",
                    "Controlar, quitar o retener el dinero, el trabajo o los recursos de alguien."),
                levels: levels(
                    (
                        "Unfair use of shared money or unpaid work, once.",
                        "Uso injusto del dinero común o del trabajo no pagado, una vez."
                    ),
                    ("Repeated control of someone's money or work.", "Control repetido del dinero o el trabajo de alguien."),
                    (
                        "Leaving someone without means, or using money to keep them dependent.",
                        "Dejar a alguien sin medios, o usar el dinero para mantenerle dependiente."
                    ))),
            HarmType(
                id: "digital", name: text("Digital", "Digital"),
                description: text(
                    "Monitoring phones or accounts, harassment online, sharing images or information without consent.",
                    "Vigilar teléfonos o cuentas, acoso en línea, difundir imágenes o información sin consentimiento."),
                levels: levels(
                    (
                        "Unwanted messages or checking someone's phone, once.",
                        "Mensajes no deseados o revisar el teléfono de alguien, una vez."
                    ),
                    ("Repeated harassment or monitoring online.", "Acoso o vigilancia en línea repetidos."),
                    (
                        "Sharing intimate images or someone's whereabouts without consent.",
                        "Difundir imágenes íntimas o el paradero de alguien sin consentimiento."
                    ))),
            HarmType(
                id: "sexual-harassment", name: text("Sexual harassment", "Acoso sexual"),
                description: text(
                    "Unwanted sexual comments, advances, insistence or touching.",
                    "Comentarios, insinuaciones, insistencia o tocamientos sexuales no deseados."),
                levels: levels(
                    ("An unwanted sexual comment or advance, once.", "Un comentario o insinuación sexual no deseada, una vez."),
                    ("Insistence after a no, or unwanted touching.", "Insistir tras un no, o tocamientos no deseados."),
                    (
                        "Sustained harassment, or harassment using a position of power.",
                        "Acoso sostenido, o acoso desde una posición de poder."
                    ),
                    rules: (ofConcern, seriousWithoutMediation, verySeriousWithoutMediation))),
            // Sexual assault is never "of concern", and its levels are not graded by force or by whether
            // the person could resist: what is weighed is what happened and whether it repeats.
            HarmType(
                id: "sexual-assault", name: text("Sexual assault", "Agresión sexual"),
                description: text(
                    "Any sexual act without consent, including when someone could not consent.",
                    "Cualquier acto sexual sin consentimiento, también cuando alguien no podía consentir."),
                levels: [
                    SeverityLevel(
                        id: "serious", name: text("Serious", "Grave"),
                        description: text(
                            "Sexual touching or contact without consent.", "Tocamientos o contacto sexual sin consentimiento."),
                        responses: seriousWithoutMediation),
                    SeverityLevel(
                        id: "very-serious", name: text("Very serious", "Muy grave"),
                        description: text(
                            "Rape or other sexual acts without consent, or sexual violence that repeats or comes with threats.",
                            "Violación u otros actos sexuales sin consentimiento, o violencia sexual que se repite o va acompañada de amenazas."
                        ),
                        responses: verySeriousWithoutMediation),
                ]),
            HarmType(
                id: "physical", name: text("Physical violence", "Violencia física"),
                description: text(
                    "Pushing, hitting, restraining, or any attack on someone's body.",
                    "Empujar, golpear, sujetar o cualquier ataque al cuerpo de alguien."),
                levels: levels(
                    ("Pushing or grabbing, once, without injury.", "Empujar o agarrar, una vez, sin lesiones."),
                    ("Hitting, or repeated physical aggression.", "Golpes, o agresiones físicas repetidas."),
                    (
                        "Injury, strangling, or violence that puts a life at risk.",
                        "Lesiones, estrangulamiento o violencia que pone una vida en riesgo."
                    ))),
            HarmType(
                id: "threats", name: text("Threats and intimidation", "Amenazas e intimidación"),
                description: text(
                    "Threatening someone, their people or their belongings, stalking, frightening them into silence.",
                    "Amenazar a alguien, a su gente o sus cosas, acecharle, asustarle para que calle."),
                levels: levels(
                    ("An intimidating outburst, once.", "Un arrebato intimidatorio, una vez."),
                    ("Repeated threats, or following someone.", "Amenazas repetidas, o seguir a alguien."),
                    (
                        "Threats to someone's life or safety, or stalking.",
                        "Amenazas contra la vida o la seguridad de alguien, o acecho."
                    ))),
            HarmType(
                id: "harm-to-children", name: text("Harm to children", "Daño a la infancia"),
                description: text(
                    "Any violence, neglect or sexual harm towards a child.",
                    "Cualquier violencia, descuido o daño sexual hacia una criatura."),
                levels: levels(
                    ("Shouting, shaming or neglect, once.", "Gritos, humillaciones o descuido, una vez."),
                    ("Repeated mistreatment or neglect.", "Maltrato o descuido repetidos."),
                    ("Physical or sexual violence against a child.", "Violencia física o sexual contra una criatura."),
                    rules: (seriousWithoutMediation, seriousWithoutMediation, verySeriousWithoutMediation))),
        ]
    }
}
