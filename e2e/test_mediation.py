"""An outside mediator sees only the entries the survivor chose, and loses access when she ends it."""
from conftest import COLLECTIVE_HOME
from test_cases import add_to_case, adopt_protocol, join, open_case
from test_protocol import invite_member


def test_a_mediator_sees_only_what_was_chosen_until_revoked(tejido, visit):
    admin = visit(tejido)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    adopt_protocol(admin, tejido)
    links = {name: invite_member(admin, tejido, name, role) for name, role in
             [("sofia", "member"), ("carla", "care_team")]}
    sofia, carla = (join(visit, tejido, links[n], n) for n in ["sofia", "carla"])

    page = sofia.page
    case_url = open_case(sofia, tejido, "ZQE2E-MED-NARRATIVE")
    for text, visibility in [("ZQE2E-SHARE we argued at the meeting", "survivor_side"), ("ZQE2E-KEEP only mine", "only_me")]:
        page.goto(case_url)
        page.check(f"#visibility-{visibility}")
        page.fill("#text", text)
        page.click("text=Add to the timeline")
    add_to_case(page, case_url, "carla", "facilitator")
    cp = carla.page
    cp.goto(case_url + "/classify")
    cp.check("[id='c-psychological/2']")
    cp.fill("#reason", "Shouting, repeated")
    cp.click("text=Save the classification")

    # "Nothing leaves the collective" stands on a new case: the mediators page says so, and
    # Sofía lifts it herself before inviting anyone.
    page.goto(case_url + "/mediators")
    assert "no outside mediator can be invited" in page.content()
    page.goto(case_url + "/wishes")
    page.uncheck("#limit_keep_in_collective")
    page.click("text=Save wishes")

    # Sofía invites Marta to one entry.
    page.goto(case_url + "/mediators")
    page.fill("#label", "Marta, Red de Apoyo")
    page.check("label:has-text('ZQE2E-SHARE') >> xpath=preceding-sibling::input")
    page.fill("#note", "ZQE2E-NOTE We hope to talk it through.")
    page.click("text=Make the link")
    link = page.input_value("#new-link")
    sofia.check("case-mediators")

    # Marta, with no account, opens it once and reads only that entry.
    marta = visit(tejido)
    mp = marta.page
    mp.goto(link if link.startswith("http") else tejido.url(link))
    marta.check("mediate")
    mp.click("text=Open what was shared with me")
    content = mp.content()
    assert "ZQE2E-SHARE" in content and "ZQE2E-NOTE" in content
    for hidden in ["ZQE2E-KEEP", "ZQE2E-MED-NARRATIVE", "sofia", "carla"]:
        assert hidden not in content, f"the mediator saw {hidden}"
    marta.check("mediation")
    mp.fill("#text", "ZQE2E-FROM-MARTA Could we meet on Friday?")
    mp.click("text=Send the note")
    cp.goto(case_url)
    assert "ZQE2E-FROM-MARTA" in cp.content()

    # Sofía ends it; Marta's next request finds nothing.
    page.goto(case_url + "/mediators")
    page.click("text=End their access now")
    assert mp.goto(tejido.url("/mediation")).status == 404
    page.goto(case_url + "/log")
    assert "The outside mediator" in page.content()
