import TejidoCore

/// The protocol itself, as every reading page shows it: title, contents, blocks with their
/// considerations, the agreement, the harms and their levels, the leaving rule and care.
extension ProtocolReadingView {
    func heading(_ heading: ProtocolVocabulary.Heading) -> String { ProtocolVocabulary.heading(heading, in: language) }

    /// Protocol text, whose empty parts are left out rather than shown as empty paragraphs.
    private func prose(_ text: String) -> HTML { HTML.when(text != "", "<p class=\"protocol-text\">\(text)</p>\n") }

    func html() -> HTML {
        var out: HTML = """
            <article class="protocol" lang="\(lang)">
            <h1 id="protocol-title">\(title)</h1>
            \(prose(introduction))<nav class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading" class="visually-hidden">\
            \(heading(.languages))</h2><ol>
            \(HTML.each(blocks) { "<li><a href=\"#\($0.anchor)\">\($0.name)</a></li>\n" })\
            <li><a href="#agreement">\(heading(.agreement))</a></li>
            <li><a href="#harms">\(heading(.harmTypes))</a></li>
            <li><a href="#leaving">\(heading(.leavingRule))</a></li>
            <li><a href="#care">\(heading(.careCommitments))</a></li>
            </ol></nav>

            """
        out += HTML.each(blocks) { block in
            """
            <section id="\(block.anchor)" aria-labelledby="\(block.anchor)-h">
            <h2 id="\(block.anchor)-h">\(block.number). \(block.name)</h2>
            \(prose(block.introduction))\(HTML.each(block.considerations, consideration))</section>

            """
        }
        out += """
            <section id="agreement" aria-labelledby="agreement-h">
            <h2 id="agreement-h">\(heading(.agreement))</h2>
            \(prose(agreement.introduction))<h3>\(heading(.commitments))</h3>
            <ul>\(HTML.each(agreement.commitments) { "<li>\($0)</li>" })</ul>
            <h3>\(heading(.notTolerated))</h3>
            <ul>\(HTML.each(agreement.notTolerated) { "<li>\($0)</li>" })</ul>
            </section>
            <section id="harms" aria-labelledby="harms-h">
            <h2 id="harms-h">\(heading(.harmTypes))</h2>
            \(HTML.each(harms, harm))</section>
            <section id="leaving" aria-labelledby="leaving-h">
            <h2 id="leaving-h">\(heading(.leavingRule))</h2>
            <p class="protocol-text">\(leavingRule)</p>
            </section>
            <section id="care" aria-labelledby="care-h">
            <h2 id="care-h">\(heading(.careCommitments))</h2>
            <p class="protocol-text">\(careCommitments)</p>
            </section>
            </article>

            """
        return out
    }

    private func consideration(_ item: Item) -> HTML {
        """
        <section id="\(item.anchor)" class="consideration" aria-labelledby="\(item.anchor)-h">
        <h3 id="\(item.anchor)-h">\(item.title)</h3>
        \(prose(item.text))\(HTML.when(!item.questions.isEmpty, """
            <p class="questions-label">\(heading(.guidanceQuestions))</p>
            <ul class="questions">\(HTML.each(item.questions) { "<li>\($0)</li>" })</ul>

            """))</section>

        """
    }

    private func harm(_ harm: Harm) -> HTML {
        """
        <section id="\(harm.anchor)" class="harm" aria-labelledby="\(harm.anchor)-h">
        <h3 id="\(harm.anchor)-h">\(harm.name)</h3>
        \(prose(harm.description))<dl class="levels">
        \(HTML.each(harm.levels, level))</dl>
        </section>

        """
    }

    private func level(_ level: Level) -> HTML {
        """
        <dt>\(level.name)</dt>
        <dd>\(HTML.when(level.description != "", "<p class=\"protocol-text\">\(level.description)</p>"))
        <p class="questions-label">\(heading(.allowed))</p>
        <ul class="responses">\(HTML.each(level.responses, response))</ul>
        </dd>

        """
    }

    private func response(_ response: Response) -> HTML {
        """
        <li>\(response.name)\(HTML.when(response.recommended, " <span class=\"tag\">\(heading(.recommended))</span>"))\
        \(HTML.when(response.needsAssembly, " <span class=\"tag tag-assembly\">\(heading(.needsAssembly))</span>"))</li>
        """
    }
}

/// Switch links between the languages a protocol is kept in, above the reading pages; nothing
/// when it is kept in one.
struct LanguageLinks {
    let links: [LanguageLink]

    func html(_ p: PageContext) -> HTML {
        guard !links.isEmpty else { return .empty }
        return """
            <p class="language-links">\(p("protocol_read_in")) \(HTML.each(links) {
                "<a href=\"\($0.href)\" lang=\"\($0.lang)\"\(HTML.when($0.current, " aria-current=\"true\""))>\($0.label)</a> "
            })</p>

            """
    }
}
