import Vapor

/// The frame around every page — quick exit, help, navigation, language — written once, in Swift.
/// Every page's content (`PageView`) is placed inside it, so there is one frame.
extension PageChrome {
    func frame(_ content: HTML) -> HTML {
        let t = words
        let token = HTML.hidden("_csrf", csrf)
        var out: HTML = """
            <!doctype html>
            <html lang="\(lang)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <meta name="robots" content="noindex, nofollow">
            <title>\(title)</title>
            <link rel="stylesheet" href="/static/tejido.css">
            <script src="/static/quick-exit.js" defer></script>
            </head>
            <body>
            <a class="skip-link" href="#main">\(t("skip_to_content"))</a>
            <header class="page-header">
            <div class="exit-bar">
            <a class="quick-exit" id="quick-exit" href="\(exitHref)" rel="noreferrer" data-neutral="\(exitDestination)" \
            data-csrf="\(csrf)" data-press-one="\(t("exit_press_one"))" data-press-two="\(t("exit_press_two"))" \
            data-leaving="\(t("exit_leaving"))">\(t("exit_label"))</a>
            <p class="exit-hint">\(t("exit_hint"))</p>
            <a class="help-now" href="\(helpHref)"\(HTML.when(storeless, " aria-current=\"page\""))>\(t("help_link"))</a>
            </div>
            <div id="quick-exit-status" class="visually-hidden" role="status" aria-live="polite"></div>
            </header>
            <nav class="site-header" aria-label="\(t("nav_label"))">
            <a class="brand" href="\(homeHref)">\(siteName)</a>
            <ul>

            """
        out += HTML.each(nav) {
            "<li><a href=\"\($0.href)\"\(HTML.when($0.current, " aria-current=\"page\""))>\($0.label)</a></li>\n"
        }
        if signedIn {
            out += """
                <li><form method="post" action="\(logoutAction)" class="inline-form">\(token)<button type="submit" \
                class="link-button">\(t("nav_sign_out"))</button></form></li>

                """
        }
        out += """
            </ul>
            </nav>
            <main id="main" tabindex="-1">
            \(content)
            </main>
            <footer class="site-footer">

            """
        // The help page stores nothing, so it offers no language form (which would set a cookie).
        if !storeless {
            out += """
                <form method="post" action="\(languageAction)" class="language-form">
                \(token)
                <input type="hidden" name="next" value="\(path)">
                <span>\(t("language_label"))</span>

                """
            out += HTML.each(languages) {
                """
                <button type="submit" name="lang" value="\($0.code)" lang="\($0.code)" class="link-button"\
                \(HTML.when($0.selected, " aria-current=\"true\""))>\($0.label)</button>

                """
            }
            out += "</form>\n"
        }
        out += """
            <p><a href="\(aboutHref)">\(aboutLabel)</a></p>
            </footer>
            </body>
            </html>

            """
        return out
    }
}
