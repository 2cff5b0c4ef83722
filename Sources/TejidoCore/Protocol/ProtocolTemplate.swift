/// The protocol a new collective starts from, in English and Spanish. Written in our own words
/// after the collective protocol facilitated by the Coordinación Anarquista Tejiendo Libertad
/// (CATL) and La Pizarra Negra (Jovel, Chiapas, 2024), which asks to be adapted by every group
/// that uses it — so this is a starting point for a draft, never an adopted protocol.
public enum ProtocolTemplate {
    public static var document: ProtocolDocument {
        ProtocolDocument(
            languages: [.en, .es],
            title: LocalizedText(
                en: "Our protocol on harm between us", es: "Nuestro protocolo ante las violencias dentro del colectivo"),
            introduction: LocalizedText(
                en: """
                    This protocol is how our collective works to prevent violence among its own people and to respond when it \
                    happens, without handing the matter to the state. It is a starting point that we change together: read it, \
                    question it, and adapt it to how we live and organise. Violence can be done by people of any gender, and this \
                    protocol applies to all of us.
                    """,
                es: """
                    Este protocolo es nuestra forma de prevenir las violencias entre quienes formamos el colectivo y de responder \
                    cuando ocurren, sin entregar el asunto al Estado. Es un punto de partida que cambiamos entre todas las personas: léelo, \
                    cuestiónalo y adáptalo a cómo vivimos y nos organizamos. Cualquier persona, de cualquier género, puede ejercer \
                    violencia, y este protocolo nos incluye a todas las personas.
                    """),
            blocks: [educationBlock, preventionBlock, interventionBlock],
            agreement: agreement,
            harmTypes: harmTypes,
            leavingRule: LocalizedText(
                en: """
                    Someone stops belonging to the collective when the assembly decides so as part of a restorative proposal: when \
                    the harm is very serious, when the person refuses to take responsibility or to write a proposal for change, or \
                    when they break the limits agreed to protect the person harmed. The decision says whether and how a return is \
                    possible, and what work that return would need.
                    """,
                es: """
                    Una persona deja de pertenecer al colectivo cuando la asamblea lo decide como parte de una propuesta \
                    restaurativa: cuando el daño es muy grave, cuando la persona se niega a responsabilizarse o a escribir una \
                    propuesta de cambio, o cuando rompe los límites acordados para proteger a quien sufrió el daño. La decisión dice \
                    si es posible volver, cómo, y qué trabajo haría falta.
                    """),
            careCommitments: LocalizedText(
                en: """
                    We look after the emotional and therapeutic support of everyone involved: the person harmed first, their \
                    supporters, and also the person who harmed, because change needs support too. We are all fragile and we all need \
                    care; looking after our wellbeing is looking after the collective.
                    """,
                es: """
                    Nos ocupamos del acompañamiento emocional y terapéutico de todas las personas implicadas: primero de quien sufrió \
                    el daño, de quienes le acompañan, y también de quien lo causó, porque cambiar también necesita apoyo. Todas las personas \
                    somos frágiles y necesitamos cuidados; cuidar nuestro bienestar es cuidar al colectivo.
                    """))
    }

    /// A protocol with the three blocks and nothing in them, for collectives that write their own.
    public static var empty: ProtocolDocument {
        ProtocolDocument(
            languages: [.en, .es],
            title: LocalizedText(en: "Our protocol", es: "Nuestro protocolo"),
            introduction: LocalizedText(),
            blocks: BlockKind.allCases.map { ProtocolBlock(kind: $0, introduction: LocalizedText(), considerations: []) },
            agreement: CoexistenceAgreement(
                introduction: LocalizedText(), commitments: LocalizedList(), notTolerated: LocalizedList()),
            harmTypes: [], leavingRule: LocalizedText(), careCommitments: LocalizedText())
    }

    static var agreement: CoexistenceAgreement {
        CoexistenceAgreement(
            introduction: LocalizedText(
                en: "Each of us agrees to this when we join, and again whenever the collective adopts a new version.",
                es: "Cada persona lo acepta al unirse, y de nuevo cada vez que el colectivo adopta una versión nueva."),
            commitments: LocalizedList(
                en: [
                    "We listen to each other and believe people when they tell us they were harmed.",
                    "We respect each person's limits and ask before we touch, photograph or share.",
                    "We share care work, tasks and speaking time, whatever our gender.",
                    "When we are told we caused harm, we listen first and take responsibility.",
                    "We keep what we are told in confidence and never share it without consent.",
                    "We take part in the collective's learning about violence, power and care.",
                ],
                es: [
                    "Nos escuchamos y creemos a quien nos dice que sufrió un daño.",
                    "Respetamos los límites de cada persona y preguntamos antes de tocar, fotografiar o compartir.",
                    "Repartimos los cuidados, las tareas y el tiempo de palabra, sea cual sea nuestro género.",
                    "Cuando nos dicen que causamos un daño, primero escuchamos y nos responsabilizamos.",
                    "Guardamos lo que se nos confía y nunca lo compartimos sin consentimiento.",
                    "Participamos en la formación del colectivo sobre violencias, poder y cuidados.",
                ]),
            notTolerated: LocalizedList(
                en: [
                    "Sexual harassment or any sexual contact without consent.",
                    "Physical violence, threats or intimidation.",
                    "Humiliation, insults and contempt, including sexist, racist, ableist, homophobic and transphobic remarks.",
                    "Controlling or monitoring someone's money, phone, messages or movements.",
                    "Sharing images or information about someone without their consent.",
                    "Any harm to children.",
                    "Retaliating against anyone who speaks up about harm.",
                ],
                es: [
                    "El acoso sexual o cualquier contacto sexual sin consentimiento.",
                    "La violencia física, las amenazas o la intimidación.",
                    "Las humillaciones, insultos y desprecios, incluidos los comentarios machistas, racistas, capacitistas, homófobos y tránsfobos.",
                    "Controlar o vigilar el dinero, el teléfono, los mensajes o los movimientos de otra persona.",
                    "Difundir imágenes o información de alguien sin su consentimiento.",
                    "Cualquier daño a niñas, niños y niñes.",
                    "Las represalias contra quien denuncia un daño.",
                ]))
    }
}

/// Shorthand for the template's bilingual text.
func text(_ en: String, _ es: String) -> LocalizedText { LocalizedText(en: en, es: es) }

func questions(_ en: [String], _ es: [String]) -> LocalizedList { LocalizedList(en: en, es: es) }
