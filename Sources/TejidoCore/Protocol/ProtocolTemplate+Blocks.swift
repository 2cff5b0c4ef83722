extension ProtocolTemplate {
    static var educationBlock: ProtocolBlock {
        ProtocolBlock(
            kind: .education,
            introduction: text(
                "Violence is easier to stop when we can recognise it. This block is the ongoing learning we do together.",
                "Es más fácil frenar la violencia cuando sabemos reconocerla. Este bloque es la formación que hacemos juntas y juntos, siempre."
            ),
            considerations: [
                Consideration(
                    id: "listening-and-care",
                    title: text("Listening and mutual care", "Escucha y cuidado mutuo"),
                    text: text(
                        "We make regular time to listen to each other and to support whoever needs it, not only when something has gone wrong. Care is shared work, not a task for the same few people.",
                        "Dedicamos tiempo, con regularidad, a escucharnos y a apoyar a quien lo necesite, no solo cuando algo ha salido mal. Los cuidados son trabajo compartido, no una tarea de siempre las mismas personas."
                    ),
                    guidanceQuestions: questions(
                        [
                            "When did we last make time to listen to each other outside of our tasks?",
                            "Who carries most of the care in our group?",
                        ],
                        [
                            "¿Cuándo fue la última vez que nos escuchamos fuera de las tareas?",
                            "¿Quién carga con la mayor parte de los cuidados en nuestro grupo?",
                        ])),
                Consideration(
                    id: "masculinity-groups",
                    title: text("Groups to unlearn harmful masculinity", "Grupos para desaprender la masculinidad dañina"),
                    text: text(
                        "Men in the collective, cis men above all, organise their own groups to question domination, to learn to say what they feel, and to practise criticism and self-criticism. They organise these groups themselves instead of expecting others to teach them. Violence is not only personal: it is tied to patriarchy and capitalism, and changing society starts with changing ourselves.",
                        "Los hombres del colectivo, sobre todo los cis, organizan sus propios grupos para cuestionar la dominación, aprender a decir lo que sienten y practicar la crítica y la autocrítica. Los organizan ellos mismos, sin esperar que otras personas les enseñen. La violencia no es solo personal: está atada al patriarcado y al capitalismo, y cambiar la sociedad empieza por cambiarnos."
                    ),
                    guidanceQuestions: questions(
                        [
                            "Who organises this group, and how often does it meet?",
                            "How does what is learned there reach the rest of the collective?",
                        ],
                        [
                            "¿Quién organiza este grupo y cada cuánto se reúne?",
                            "¿Cómo llega lo aprendido allí al resto del colectivo?",
                        ])),
                Consideration(
                    id: "naming-violence",
                    title: text("Naming the violence between us", "Nombrar la violencia entre nosotras y nosotros"),
                    text: text(
                        "Silence is violence's best ally. We keep open ways of talking, so that patterns we have come to treat as normal can be named, and we keep listening to the experiences of people who survived harm.",
                        "El silencio es el mejor aliado de la violencia. Mantenemos abiertos espacios para hablar, de modo que podamos nombrar lo que hemos normalizado, y seguimos escuchando las experiencias de quienes sobrevivieron a un daño."
                    ),
                    guidanceQuestions: questions(
                        ["Where can someone raise something uncomfortable without being exposed?"],
                        ["¿Dónde puede alguien plantear algo incómodo sin exponerse?"])),
                Consideration(
                    id: "lifelong-learning",
                    title: text("Learning that does not stop", "Aprendizaje continuo"),
                    text: text(
                        "We keep studying how patriarchal and capitalist violence shows up in our spaces, in families, at work and at school. What happens in 'private' is not a private matter when it shapes our shared spaces.",
                        "Seguimos estudiando cómo aparecen las violencias patriarcales y capitalistas en nuestros espacios, en las familias, el trabajo y la escuela. Lo que pasa en lo 'privado' no es un asunto privado cuando marca nuestros espacios comunes."
                    ),
                    guidanceQuestions: LocalizedList()),
                Consideration(
                    id: "children",
                    title: text("Spaces for children", "Espacios para la infancia"),
                    text: text(
                        "Children need spaces where they are heard, where they learn to recognise violence, and where they know who they can go to. They should know they have people on their side.",
                        "Niñas, niños y niñes necesitan espacios donde se les escuche, donde aprendan a reconocer la violencia y sepan a quién acudir. Deben saber que cuentan con una red de apoyo."
                    ),
                    guidanceQuestions: questions(
                        ["Who can a child in our collective go to, and do they know it?"],
                        ["¿A quién puede acudir una criatura del colectivo, y lo sabe?"])),
            ])
    }

    static var preventionBlock: ProtocolBlock {
        ProtocolBlock(
            kind: .prevention,
            introduction: text(
                "Agreements, attention and care that make harm less likely and make it easier to act early.",
                "Acuerdos, atención y cuidados que hacen menos probable el daño y facilitan actuar a tiempo."),
            considerations: [
                Consideration(
                    id: "agreements",
                    title: text("Co-existence agreements", "Acuerdos de convivencia"),
                    text: text(
                        "We agree together what we accept and what we do not, by type and severity of harm, and when someone stops belonging to the collective. Every member reads the agreement and commits to it. We talk with other collectives about our agreements.",
                        "Acordamos juntas y juntos qué aceptamos y qué no, según el tipo y la gravedad del daño, y cuándo una persona deja de pertenecer al colectivo. Cada integrante lee el acuerdo y se compromete con él. Hablamos de nuestros acuerdos con otros colectivos."
                    ),
                    guidanceQuestions: questions(
                        ["How does a new member learn the agreement?", "When did we last review it?"],
                        ["¿Cómo conoce el acuerdo una persona nueva?", "¿Cuándo lo revisamos por última vez?"])),
                Consideration(
                    id: "alerts-between-collectives",
                    title: text("Warning other collectives", "Avisar a otros colectivos"),
                    text: text(
                        "Telling other collectives can stop harm from being repeated elsewhere. We only do it with the agreement of the person harmed, we weigh the risks of public exposure for everyone, and we say only what is needed.",
                        "Avisar a otros colectivos puede evitar que el daño se repita en otro lugar. Solo lo hacemos con el acuerdo de quien sufrió el daño, sopesamos los riesgos de la exposición pública para todas las personas y decimos solo lo necesario."
                    ),
                    guidanceQuestions: LocalizedList()),
                Consideration(
                    id: "recognising-situations",
                    title: text("Recognising situations of violence", "Reconocer las situaciones de violencia"),
                    text: text(
                        "Harm between members happens, and it crosses with racism, class, gender, disability and age. We learn from situations we have faced before, with the consent of those involved, so as not to repeat them, and we honour what each person brings from their own experience.",
                        "El daño entre integrantes existe, y se cruza con el racismo, la clase, el género, la discapacidad y la edad. Aprendemos de situaciones que ya vivimos, con el consentimiento de quienes participaron, para no repetirlas, y honramos lo que cada persona trae de su propia experiencia."
                    ),
                    guidanceQuestions: LocalizedList()),
                Consideration(
                    id: "everyday-harm",
                    title: text("Everyday harm", "El daño cotidiano"),
                    text: text(
                        "We pay attention to small, everyday harm — micro-racism, micro-machismo — and take it to the collective's political discussion. Accompanying someone who is relearning is different from mothering them.",
                        "Prestamos atención al daño pequeño y cotidiano —microrracismos, micromachismos— y lo llevamos a la discusión política del colectivo. Acompañar a alguien que está reaprendiendo no es maternarle."
                    ),
                    guidanceQuestions: LocalizedList()),
                Consideration(
                    id: "care-for-everyone",
                    title: text("Care for everyone", "Cuidados para todas las personas"),
                    text: text(
                        "The collective arranges emotional or therapeutic support for whoever needs it, whether they suffered harm or caused it.",
                        "El colectivo gestiona apoyo emocional o terapéutico para quien lo necesite, haya sufrido el daño o lo haya causado."
                    ),
                    guidanceQuestions: LocalizedList()),
            ])
    }

    static var interventionBlock: ProtocolBlock {
        ProtocolBlock(
            kind: .intervention,
            introduction: text(
                "What we do when harm has happened. The wishes of the person harmed lead every step.",
                "Lo que hacemos cuando ya hubo un daño. Los deseos de quien lo sufrió guían cada paso."),
            considerations: [
                Consideration(
                    id: "support-first",
                    title: text("Support for the person harmed comes first", "Primero, acompañar a quien sufrió el daño"),
                    text: text(
                        "We offer emotional, psychological and practical support, day to day. Only the people the person harmed chooses talk about what happened, and only if they agree is the matter brought to the assembly. They decide what is shared, with whom and when.",
                        "Ofrecemos apoyo emocional, psicológico y práctico, día a día. Solo hablan de lo ocurrido las personas que elige quien sufrió el daño, y solo con su acuerdo se lleva el asunto a la asamblea. Esa persona decide qué se comparte, con quién y cuándo."
                    ),
                    guidanceQuestions: questions(
                        ["What does the person harmed want now, and what must not happen?"],
                        ["¿Qué quiere ahora quien sufrió el daño, y qué no debe pasar?"])),
                Consideration(
                    id: "outside-mediation",
                    title: text("Mediation from outside", "Mediación desde fuera"),
                    text: text(
                        "When the person harmed wants mediation, people from like-minded groups outside the collective can offer it, with experienced members supporting the work of repair. Mediation is never a way to press anyone into meeting the person who harmed.",
                        "Cuando quien sufrió el daño quiere una mediación, pueden ofrecerla personas de grupos afines de fuera del colectivo, con el apoyo de integrantes con experiencia en la reparación. La mediación nunca sirve para presionar a nadie a encontrarse con quien le dañó."
                    ),
                    guidanceQuestions: LocalizedList()),
                Consideration(
                    id: "proposal-for-change",
                    title: text("The proposal of the person who harmed", "La propuesta de quien causó el daño"),
                    text: text(
                        "The person who harmed takes responsibility and writes their own proposal for how they will change their behaviour and attitudes, and presents it to the assembly. It includes care work within the collective's tasks, whatever their gender. Those who do not yet recognise their patterns need the most work, not the least.",
                        "Quien causó el daño se responsabiliza y escribe su propia propuesta de cómo cambiará sus conductas y actitudes, y la presenta a la asamblea. Incluye trabajo de cuidados dentro de las tareas del colectivo, sea cual sea su género. Quien aún no reconoce sus patrones necesita más trabajo, no menos."
                    ),
                    guidanceQuestions: questions(
                        ["Which privileges are at play, for example whose time and work are treated as more important?"],
                        ["¿Qué privilegios están en juego, por ejemplo, qué tiempo y qué trabajo se tratan como más importantes?"]
                    )),
                Consideration(
                    id: "limits-and-expulsion",
                    title: text("Limits, suspension and expulsion", "Límites, suspensión y expulsión"),
                    text: text(
                        "Some situations call for keeping the person who harmed away from spaces, for a time or for good, to protect the person harmed and to start a process of change. An expulsion is part of a restorative proposal, never a replacement for it.",
                        "Algunas situaciones piden apartar a quien causó el daño de ciertos espacios, por un tiempo o para siempre, para proteger a quien lo sufrió y para empezar un proceso de cambio. Una expulsión es parte de una propuesta restaurativa, nunca la sustituye."
                    ),
                    guidanceQuestions: LocalizedList()),
                Consideration(
                    id: "without-the-state",
                    title: text("Without the state", "Sin el Estado"),
                    text: text(
                        "We build our own restorative processes instead of relying on state mediation. If the person harmed decides to go to the police or the courts, that is their decision and we respect it.",
                        "Construimos nuestros propios procesos restaurativos en lugar de depender de la mediación del Estado. Si quien sufrió el daño decide acudir a la policía o a los tribunales, es su decisión y la respetamos."
                    ),
                    guidanceQuestions: LocalizedList()),
            ])
    }
}
