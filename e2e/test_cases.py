"""A case from disclosure to deletion, played by the people in it — and by people who are not."""
import re
from pathlib import Path

from conftest import COLLECTIVE_HOME
from test_protocol import invite_member
from test_shell import fill_new_account

CASE = re.compile(r"/c/[a-z0-9]+/cases/[0-9A-F-]{36}$")


def join(visit, tejido, link, name):
    person = visit(tejido)
    person.page.goto(link)
    fill_new_account(person.page, name)
    person.page.wait_for_url(COLLECTIVE_HOME)
    return person


def adopt_protocol(admin, tejido):
    page = admin.page
    page.goto(tejido.url(tejido.home + "/protocol/draft"))
    page.click("text=Put this version to the collective")
    page.click("text=Record the decision")
    page.check("#outcome-adopted")
    page.fill("#agree", "5")
    page.click("form.stack button[type=submit]")


def open_case(person, tejido, narrative):
    """Opens a case about what happened to `person`, with the form's defaults; returns its address."""
    page = person.page
    page.goto(tejido.url(tejido.home + "/cases/new"))
    page.fill("#narrative", narrative)
    page.click("text=Open the case")
    page.wait_for_url(CASE)
    return page.url


def record_consent(page, case_url, scope, detail):
    page.goto(case_url + "/consents")
    page.select_option("#scope", scope)
    page.fill("#detail", detail)
    page.click("text=Record the consent")


def add_to_case(page, case_url, username, role):
    page.goto(case_url + "/people")
    page.fill("#username", username)
    page.select_option("#role", role)
    page.click("form.stack button:has-text('Add to the case')")


def database_bytes(tejido):
    data = b""
    for suffix in ["", "-wal"]:
        path = Path(tejido.data) / ("tejido.sqlite" + suffix)
        if path.exists():
            data += path.read_bytes()
    return data


def test_a_case_from_disclosure_to_deletion(tejido, visit):
    admin = visit(tejido)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    adopt_protocol(admin, tejido)
    links = {name: invite_member(admin, tejido, name, role) for name, role in
             [("sofia", "member"), ("bruno", "member"), ("carla", "care_team"), ("ramon", "member")]}
    people = {name: join(visit, tejido, link, name) for name, link in links.items()}
    sofia, bruno, carla, ramon = (people[n] for n in ["sofia", "bruno", "carla", "ramon"])

    # Sofía tells what happened; a forgotten detail brings the form back with her words kept.
    page = sofia.page
    page.click("text=Cases")
    sofia.check("cases-empty")
    page.click("text=Open a case about what happened to me")
    sofia.check("case-open")
    page.fill("#narrative", "ZQE2E-NARRATIVE at the summer camp")
    page.check("#want_keep_away")
    page.check("#limit_no_police")
    page.click("text=Open the case")
    assert "Say which spaces or events." in page.content()
    assert page.input_value("#narrative") == "ZQE2E-NARRATIVE at the summer camp"
    sofia.check("case-open-error")
    page.fill("#keep_away_from", "the Thursday kitchen")
    page.click("text=Open the case")
    page.wait_for_url(CASE)
    case_url = page.url
    content = page.content()
    assert "No police" in content and "Not to the assembly" in content and "the Thursday kitchen" in content
    sofia.check("case")

    # She adds Bruno as a supporter and Carla as facilitator; Ramón cannot be added while her wish stands.
    page.click("text=People and pod map")
    sofia.check("case-people")
    assert page.locator("#role option[value=respondent]").count() == 0
    page.fill("#pod_name", "Bruno from the choir")
    page.fill("#pod_username", "bruno")
    page.click("text=Add to the map")
    page.click("#pod >> text=Add to the case")
    assert page.input_value("#username") == "bruno"
    page.select_option("#role", "supporter")
    page.click("form.stack button:has-text('Add to the case')")
    page.fill("#username", "carla")
    page.select_option("#role", "facilitator")
    page.click("form.stack button:has-text('Add to the case')")
    assert "bruno" in page.content() and "carla" in page.content()

    # Carla classifies the harm by the adopted protocol.
    cp = carla.page
    cp.goto(case_url)
    assert "ZQE2E-NARRATIVE" not in cp.content(), "the narrative is not on the case page for anyone"
    cp.click("text=Classify the harm")
    carla.check("case-classify")
    cp.check("[id='c-sexual-harassment/1']")
    cp.fill("#reason", "Repeated after she asked him to stop")
    cp.click("text=Save the classification")
    assert "Responses the protocol allows" in cp.content()
    carla.check("case-classified")

    # Entries with different readers.
    for text, visibility in [("ZQE2E-ONLY-ME", "only_me"), ("ZQE2E-SUPPORT", "survivor_side"),
                             ("ZQE2E-TEAM", "case_team"), ("ZQE2E-EVERYONE", "whole_case")]:
        page.goto(case_url)
        page.check(f"#visibility-{visibility}")
        page.fill("#text", text)
        page.click("text=Add to the timeline")
    bruno.page.goto(case_url)
    assert "ZQE2E-SUPPORT" in bruno.page.content() and "ZQE2E-ONLY-ME" not in bruno.page.content()
    bruno.check("case-as-supporter")

    # Ready to tell Ramón: lift the wish, record consent, add him. He sees only what is shared with him.
    page.goto(case_url + "/wishes")
    sofia.check("case-wishes")
    page.uncheck("#limit_do_not_tell_respondent")
    page.click("text=Save wishes")
    page.goto(case_url + "/consents")
    page.select_option("#scope", "tell_respondent")
    page.fill("#detail", "Ramón may read what I mark for everyone, nothing else")
    page.click("text=Record the consent")
    sofia.check("case-consents")
    page.goto(case_url + "/people")
    page.fill("#username", "ramon")
    page.select_option("#role", "respondent")
    page.click("form.stack button:has-text('Add to the case')")
    ramon.page.goto(case_url)
    seen = ramon.page.content()
    assert "ZQE2E-EVERYONE" in seen
    for hidden in ["ZQE2E-ONLY-ME", "ZQE2E-SUPPORT", "ZQE2E-TEAM", "Repeated after she asked", "bruno"]:
        assert hidden not in seen, f"the respondent saw {hidden}"
    ramon.check("case-as-respondent")
    assert ramon.page.goto(case_url + "/safety").status == 403

    # The admin is in no case she was not added to.
    assert admin.page.goto(case_url).status == 404
    admin.page.goto(tejido.url(tejido.home + "/cases"))
    assert "not part of any case" in admin.page.content()

    # Sofía reads who looked, then deletes the case; nothing she wrote is in the database file.
    page.goto(case_url + "/log")
    assert "ramon" in page.content() and "Looked at the case" in page.content()
    sofia.check("case-log")
    page.goto(case_url + "/safety")
    sofia.check("case-safety")
    assert b"ZQE2E" not in database_bytes(tejido)
    page.goto(case_url)
    page.click("text=Delete the case")
    sofia.check("case-delete")
    page.click("text=Delete the case >> nth=-1")
    assert page.goto(case_url).status == 404
    assert ramon.page.goto(case_url).status == 404
    assert b"ZQE2E" not in database_bytes(tejido)


def test_a_supporter_writes_for_a_friend_without_javascript_in_spanish(tejido, visit):
    admin = visit(tejido)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    link = invite_member(admin, tejido, "bea")
    bea = visit(tejido, javascript=False, locale="es-ES")
    bea.page.goto(link)
    fill_new_account(bea.page, "bea")
    page = bea.page
    page.goto(tejido.url(tejido.home + "/cases/new?for=other"))
    assert "Abrir un caso" in page.content()
    page.check("#for-other")
    page.fill("#survivor_name", "Luz")
    page.fill("#agreed_to", "Que abra el caso y actúe por ella")
    page.check("#limit_not_to_assembly")
    page.click("text=Abrir el caso")
    page.wait_for_url(CASE)
    case_url = page.url
    assert "No llevarlo a la asamblea" in page.content()
    bea.check("caso-sin-js")
    page.fill("#text", "Hablé con Luz; está a salvo esta noche.")
    page.click("text=Añadir a la cronología")
    assert "está a salvo esta noche" in page.content()
    page.goto(case_url + "/consents")
    assert "Que abra el caso y actúe por ella" in page.content()
