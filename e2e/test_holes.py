"""The holes found in earlier walks, walked again: the person harmed removed from the collective
keeps her case; a form with text that cannot be stored comes back to be fixed; each person's
What needs me and the directory's immigration filter."""
from conftest import COLLECTIVE_HOME
from test_cases import adopt_protocol, join, open_case
from test_protocol import invite_member


def test_removed_survivor_keeps_her_case(tejido, visit):
    admin = visit(tejido)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    adopt_protocol(admin, tejido)
    sofia = join(visit, tejido, invite_member(admin, tejido, "sofia"), "sofia")
    case_url = open_case(sofia, tejido, "ZQE2E-KEPT-NARRATIVE")

    page = admin.page
    page.goto(tejido.url(tejido.home + "/members"))
    page.click("tr:has-text('sofia') >> text=Remove")
    assert "an expulsion in all but name" in page.content()
    admin.check("member-remove")
    page.click("text=Yes, remove them")
    assert "Say why they are being removed." in page.content()
    admin.check("member-remove-error")
    page.fill("#reason", "ZQE2E-REASON decided at the assembly")
    page.click("text=Yes, remove them")
    assert "ZQE2E-REASON" in page.content()

    sp = sofia.page
    sp.goto(tejido.url("/collectives"))
    assert "Your cases in collectives you have left" in sp.content()
    sofia.check("collectives-kept-case")
    sp.goto(case_url)
    assert "ZQE2E-KEPT-NARRATIVE" in sp.content()
    sp.goto(case_url + "/log")
    assert "Was removed from the collective by an admin" in sp.content()
    sofia.check("case-log-removed")
    # Outside the collective the case stays hers, but its assembly does not.
    sp.goto(case_url + "/assembly")
    assert "You no longer belong to this collective" in sp.content()
    sofia.check("case-assembly-outside")
    sp.goto(case_url + "/wishes")
    assert "Nothing leaves the collective" in sp.content()


def test_text_that_cannot_be_stored_comes_back_to_fix(tejido, visit):
    admin = visit(tejido)
    page = admin.sign_in()
    page.wait_for_url(COLLECTIVE_HOME)
    page.goto(tejido.url(tejido.home + "/assembly"))
    page.fill("#title", "Kitchen\u0007rota")
    page.fill("#text", "ZQE2E-MOTION keep these words")
    page.click("text=Put it on the agenda")
    assert "contains control characters" in page.content()
    assert "ZQE2E-MOTION keep these words" in page.content()
    admin.check("form-problem")
    page.fill("#f-title", "Kitchen rota")
    page.click("text=Send again")
    assert "Kitchen rota" in page.content()


def test_spanish_phone_finds_help_without_papers(tejido, visit):
    visitor = visit(tejido, locale="es-MX", width=360)
    page = visitor.goto("/")
    visitor.check("home-find-help-es")
    page.click("text=¿Alguien en peligro ahora?")
    assert "Ayuda legal y migratoria" in page.content()
    visitor.check("help-legal-es")
