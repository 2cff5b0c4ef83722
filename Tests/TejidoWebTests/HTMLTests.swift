import Testing

@testable import TejidoWeb

/// Markup written in Swift escapes what goes into it unless it is markup itself.
@Suite("HTML")
struct HTMLTests {
    @Test("interpolated text is escaped; nested markup and literals are not")
    func escaping() {
        let evil = "\"><script>alert('x')</script>&"
        let nested: HTML = "<b>\(evil)</b>"
        let page: HTML = "<p title=\"\(evil)\">\(nested)\(String?.none)\(3)</p>"
        #expect(
            page.text
                == "<p title=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;\">"
                + "<b>&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</b>3</p>")
    }

    @Test("text without anything to escape, and text in other scripts, pass through whole")
    func plain() {
        let words = "Sin policía — ñandú 🌱, 50 entradas"
        #expect(HTML("\(words)").text == words)
        #expect(HTML.each(["a<", ">b"]) { "[\($0)]" }.text == "[a&lt;][&gt;b]")
        #expect(HTML.when(false, "<x>").text.isEmpty)
        // Characters of several bytes on either side of what is escaped stay whole.
        #expect(HTML("\("ñ<ü>🌱&é\"'")").text == "ñ&lt;ü&gt;🌱&amp;é&quot;&#39;")
        #expect(HTML("\("<")\("")").text == "&lt;")
    }
}
