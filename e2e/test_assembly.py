"""A case taken to the assembly with the survivor's consent and decided by consent, one block lifted."""
from conftest import COLLECTIVE_HOME
from test_cases import join, open_case, record_consent
from test_protocol import invite_member
from test_shell import fill_new_account


def test_an_anonymised_item_decided_by_consent_with_a_block_lifted(tejido, visit):
    admin = visit(tejido)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    links = {name: invite_member(admin, tejido, name, role) for name, role in
             [("sofia", "member"), ("bruno", "member"), ("carla", "care_team")]}
    sofia = join(visit, tejido, links["sofia"], "sofia")
    carla = join(visit, tejido, links["carla"], "carla")
    bruno = visit(tejido, javascript=False, locale="es-ES")
    bruno.page.goto(links["bruno"])
    fill_new_account(bruno.page, "bruno")
    bruno.page.wait_for_url(COLLECTIVE_HOME)

    # Sofía opens her case; while "not to the assembly" stands the page says so and offers no form.
    page = sofia.page
    case_url = open_case(sofia, tejido, "ZQE2E-ASSEMBLY-NARRATIVE")
    page.goto(case_url + "/assembly")
    assert "asked that this not go to the assembly" in page.content()
    assert page.locator("#text").count() == 0
    sofia.check("case-assembly-blocked")

    # She lifts the wish, records her consent, and writes the summary; a name is refused and her words kept.
    page.goto(case_url + "/wishes")
    page.uncheck("#limit_not_to_assembly")
    page.click("text=Save wishes")
    record_consent(page, case_url, "assembly_item", "A summary I approve, without names")
    page.goto(case_url + "/assembly")
    page.fill("#title", "Keeping someone apart from the kitchen")
    page.fill("#text", "ZQE2E-SUMMARY sofia asks that the person be kept out of the Thursday kitchen.")
    page.click("text=Put it on the assembly's agenda")
    assert "names someone the case knows" in page.content()
    assert "ZQE2E-SUMMARY sofia asks" in page.input_value("#text")
    sofia.check("case-assembly-names")
    page.fill("#text", "ZQE2E-SUMMARY Someone asks that the person be kept out of the Thursday kitchen.")
    page.click("text=Put it on the assembly's agenda")
    assert "Open" in page.content()

    # Carla plans a meeting and puts the item on its agenda.
    cp = carla.page
    cp.goto(tejido.url(tejido.home + "/assembly"))
    carla.check("assembly")
    cp.click("text=Plan a meeting")
    cp.fill("#meeting_title", "March assembly")
    cp.fill("#held_on", "2027-03-14")
    cp.click("text=Add the meeting")
    carla.check("assembly-meeting")
    cp.goto(tejido.url(tejido.home + "/assembly"))
    cp.click("text=Keeping someone apart from the kitchen")
    item_url = cp.url
    content = cp.content()
    assert "ZQE2E-SUMMARY" in content and "sofia" not in content and "ZQE2E-ASSEMBLY-NARRATIVE" not in content
    cp.select_option("#meeting", label="March assembly")
    cp.click("form.inline-form:has(#meeting) button")
    cp.check("#position-agree")
    cp.click("text=Save my position")
    carla.check("assembly-item")

    # Bruno, in Spanish and without JavaScript, blocks; a block without a reason is refused first.
    bp = bruno.page
    bp.goto(item_url)
    bp.check("#position-block")
    bp.click("text=Guardar mi posición")
    assert "Di por qué bloqueas" in bp.content()
    bruno.check("assembly-block-error")
    bp.fill("#reason", "Quiero saber cómo se avisa a las personas de la cocina")
    bp.click("text=Guardar mi posición")
    admin.page.goto(item_url)
    admin.page.check("#position-agree")
    admin.page.click("text=Save my position")
    assert "Quiero saber cómo se avisa" in admin.page.content()

    # The block is talked through at the meeting; Bruno lifts it, and Carla closes the decision.
    bp.goto(item_url)
    bp.check("#position-agree")
    bp.fill("#reason", "")
    bp.click("text=Guardar mi posición")
    cp.goto(item_url)
    cp.click("text=Review and close")
    assert "The outcome would be: Adopted." in cp.content()
    carla.check("assembly-close-review")
    cp.click("text=Close and record the outcome")
    assert "Adopted" in cp.content() and "3 agreed, 0 abstained, 0 raised concerns, 0 blocked" in cp.content()
    carla.check("assembly-decided")

    # Sofía reads the outcome from her case.
    page.goto(case_url + "/assembly")
    assert "Adopted" in page.content()
    page.goto(case_url)
    assert "The assembly decided on this case" in page.content()
