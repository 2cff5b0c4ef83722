"""The directory and the immediate-help page, as a collective and a frightened visitor use them."""
from conftest import COLLECTIVE_HOME

SAMPLE = """kind,name,description,country,region,city,languages,may_involve_police,visibility
crisis_team,Brigada Comunitaria,Acompañamiento en crisis,México,Chiapas,San Cristóbal,"es,tzo",no,public
crisis_line,Línea Violeta,Escucha telefónica las 24 horas,México,,,es,unknown,public
teleport,Bad Kind,,,,,,,
shelter,,No name here,,,,,,
"""


def test_import_search_and_help(tejido, visit):
    admin = visit(tejido)
    page = admin.sign_in()
    page.wait_for_url(COLLECTIVE_HOME)
    page.click("text=Directory")
    assert "Creative Interventions" in page.content()
    admin.check("directory")

    page.click("text=Import a file")
    admin.check("directory-import")
    page.fill("#text", SAMPLE)
    page.click("form.stack button[type=submit]")
    assert "Entries added:" in page.content()
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert "Choose a kind from the list." in rows.nth(0).inner_text()
    assert "Give the service or collective's name." in rows.nth(1).inner_text()
    admin.check("directory-import-report")

    page.goto(tejido.url(tejido.home + "/directory/new"))
    page.fill("#name", "Equipo Tejiendo")
    page.select_option("#kind", "crisis_team")
    page.fill("#website", "not a web address")
    page.click("text=Save the entry")
    assert "starting with https://" in page.content()
    assert page.input_value("#name") == "Equipo Tejiendo"
    admin.check("directory-form-error")
    page.fill("#website", "https://example.org")
    page.check("#visibility-public")
    page.check("#verified_now")
    page.click("text=Save the entry")
    assert "Details checked" in page.content()
    admin.check("directory-entry")

    page.goto(tejido.url(tejido.home + "/help-page"))
    admin.check("help-edit")

    # A visitor with no account finds a Spanish-language, no-police crisis team typing without accents.
    visitor = visit(tejido, locale="es-ES")
    v = visitor.page
    visitor.goto(tejido.home.replace("/c/", "/public/") + "/directory")
    v.fill("#q", "acompanamiento")
    v.select_option("#lang", "es")
    v.check("#nopolice")
    v.click("form.search-form button[type=submit]")
    names = v.locator(".entry-card h3").all_inner_texts()
    assert names == ["Brigada Comunitaria"], names
    visitor.check("directory-public-es")

    # "Someone in danger now?" from any public page; the page stores nothing.
    visitor.context.clear_cookies()
    v.click("text=¿Alguien en peligro ahora?")
    assert v.url.endswith("/ayuda")
    visitor.check("help-es")
    assert visitor.context.cookies() == [], visitor.context.cookies()


def test_help_page_without_javascript(tejido, visit):
    v = visit(tejido, javascript=False)
    page = v.goto("/login")
    page.click("text=Someone in danger now?")
    assert page.url.endswith("/help")
    assert "you are not betraying anyone" in page.content()
    v.check("help-no-js")
    page.click("text=Español")
    assert page.url.endswith("/ayuda")
    assert "no traicionas a nadie" in page.content()


def test_collective_help_page(tejido, visit):
    v = visit(tejido)
    v.goto(tejido.home.replace("/c/", "/help/"))
    assert "Crisis contacts" in v.page.content()
    v.check("help-collective")
    assert v.context.cookies() == []
