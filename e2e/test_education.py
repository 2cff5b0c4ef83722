"""Education and prevention, walked as its people would: the skills roster offered when a case
needs a supporter."""
from conftest import COLLECTIVE_HOME
from test_cases import join, open_case
from test_protocol import invite_member
from test_shell import fill_new_account


def test_a_skill_roster_offered_when_a_case_needs_a_supporter(tejido, visit):
    admin = visit(tejido)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    links = {name: invite_member(admin, tejido, name, role) for name, role in
             [("sofia", "member"), ("bruno", "member"), ("carla", "care_team")]}
    sofia = join(visit, tejido, links["sofia"], "sofia")
    carla = join(visit, tejido, links["carla"], "carla")
    # Bruno reads Tejido in Spanish, without JavaScript.
    bruno = visit(tejido, javascript=False, locale="es-ES")
    bruno.page.goto(links["bruno"])
    fill_new_account(bruno.page, "bruno")
    bruno.page.wait_for_url(COLLECTIVE_HOME)

    # Carla records that Bruno trained in accompaniment: it lists nobody yet.
    cp = carla.page
    cp.goto(tejido.url(tejido.home + "/skills"))
    carla.check("skills-care-team")
    cp.select_option("#member", label="bruno")
    cp.select_option("#offer_skill", label="Accompanying a person who was harmed")
    cp.fill("#offer_trained_on", "2099-01-01")
    cp.click("form:has(#offer_skill) button[type=submit]")
    assert "Give a day from 1950 up to today." in cp.content()
    assert cp.input_value("#offer_trained_on") == "2099-01-01"
    carla.check("skills-error")
    cp.fill("#offer_trained_on", "2026-09-12")
    cp.click("form:has(#offer_skill) button[type=submit]")

    case_url = open_case(sofia, tejido, "ZQE2E-SKILLS-NARRATIVE")
    sp = sofia.page
    sp.goto(case_url + "/prepared")
    assert "bruno" not in sp.inner_text("main"), "not listed before he agrees"

    # Bruno agrees in Spanish, and says he may be asked.
    bp = bruno.page
    bp.goto(tejido.url(tejido.home + "/skills"))
    assert "Formaciones que esperan tu respuesta" in bp.content()
    bp.check("form:has-text('Acepto aparecer') input[name=willing]")
    bp.click("text=Acepto aparecer")
    assert "Acompañar a una persona que sufrió daño" in bp.inner_text("main table")
    bruno.check("skills-es")

    # Sofía, choosing a supporter, finds who is prepared from the people page.
    sp.goto(case_url + "/people")
    sp.click("text=Who in the collective is prepared to help")
    assert "bruno" in sp.inner_text("main")
    sofia.check("case-prepared")

    # The admin, who is in no case, and the care team member reading the roster page get nothing.
    admin.page.goto(case_url + "/prepared")
    assert "bruno" not in admin.page.content()
