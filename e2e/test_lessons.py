"""A survivor turns a closed case into a lesson: writes it, approves it, sees when members may
read it, and takes it back. The care team writes a practice scenario; members read it without
JavaScript and in Spanish."""
import re

from conftest import COLLECTIVE_HOME
from test_cases import add_to_case, adopt_protocol, join, open_case
from test_protocol import invite_member
from test_shell import fill_new_account

LESSON = re.compile(r"/c/[a-z0-9]+/lessons/[0-9A-F-]{36}(/edit)?$")


def test_a_survivor_writes_approves_and_withdraws_a_lesson(tejido, visit):
    admin = visit(tejido)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    adopt_protocol(admin, tejido)
    links = {name: invite_member(admin, tejido, name, role) for name, role in
             [("sofia", "member"), ("carla", "care_team"), ("lea", "member")]}
    sofia, carla, lea = (join(visit, tejido, links[n], n) for n in ["sofia", "carla", "lea"])

    page = sofia.page
    case_url = open_case(sofia, tejido, "ZQE2E-LESSON-NARRATIVE")
    add_to_case(page, case_url, "carla", "facilitator")
    cp = carla.page
    cp.goto(case_url + "/classify")
    cp.check("[id='c-psychological/1']")
    cp.fill("#reason", "As she told it")
    cp.click("text=Save the classification")
    cp.goto(case_url)
    cp.select_option("#stage_stage", "closed")
    cp.fill("#stage_reason", "The plan was completed")
    cp.click("section[aria-labelledby=stage-heading] button[type=submit]")
    assert "Closed" in cp.inner_text("main")
    assert "Write a lesson from this case" not in cp.content(), "only her side is offered it"

    # Sofía starts a lesson from her closed case; a name the case knows is refused, her words kept.
    page.goto(case_url)
    page.click("text=Write a lesson from this case")
    sofia.check("lesson-start")
    page.click("text=Start a lesson")
    page.wait_for_url(LESSON)
    sofia.check("lesson-edit")
    page.fill("#title", "ZQE2E-LESSON When we waited")
    page.fill("#happened", "carla was told late, on 12 March")
    page.fill("#collective_did", "The care team listened first.")
    page.select_option("#season", "autumn")
    page.fill("#year", "2025")
    page.check("#delay-1")
    page.click("text=Save the text")
    assert "This names someone the case knows" in page.content()
    assert page.input_value("#happened") == "carla was told late, on 12 March"
    sofia.check("lesson-edit-error")
    page.fill("#happened", "The care team was told late, in the autumn.")
    page.click("text=Save the text")
    page.wait_for_url(LESSON)
    assert "waiting for your approval" in page.content()
    sofia.check("lesson-draft")
    page.click("text=I approve this text")
    assert "Members can read it from" in page.content()
    lesson_url = page.url.split("?")[0]

    # Not yet for members: the delay she chose has not passed.
    lea.page.goto(tejido.url(tejido.home + "/lessons"))
    assert "ZQE2E-LESSON" not in lea.page.content()
    lea.check("lessons-empty")
    assert lea.page.goto(lesson_url).status == 404
    assert "ZQE2E-LESSON" not in lea.page.content()

    # She takes it back: gone at once, for her too.
    page.goto(lesson_url)
    page.click("text=Take this lesson back")
    sofia.check("lesson-withdraw")
    assert "Any practice scenario made from it goes too" in page.content()
    page.click("button:has-text('Take it back')")
    assert "The lesson is gone" in page.content()
    page.goto(lesson_url)
    assert "ZQE2E-LESSON" not in page.content()


def test_practice_scenarios_open_without_javascript_in_spanish(tejido, visit):
    admin = visit(tejido)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    carla_link = invite_member(admin, tejido, "carla", "care_team")
    lea_link = invite_member(admin, tejido, "lea", "member")
    carla = join(visit, tejido, carla_link, "carla")
    cp = carla.page
    cp.goto(tejido.url(tejido.home + "/practice/new"))
    carla.check("practice-new")
    cp.fill("#title", "ZQE2E-SCENARIO A comment at the door")
    cp.fill("#text", "ZQE2E-SCENARIO-TEXT Someone comments on a newcomer's body at the door.")
    cp.click("text=Save the scenario")
    assert "Write a content note" in cp.content()
    carla.check("practice-new-error")
    cp.fill("#content_note", "Comments about someone's body.")
    cp.fill("#questions", "What would you say?\nWho would you tell?")
    cp.click("text=Save the scenario")
    scenario_url = cp.url

    lea = visit(tejido, javascript=False, locale="es-ES")
    lp = lea.page
    lp.goto(lea_link)
    fill_new_account(lp, "lea")
    lp.wait_for_url(COLLECTIVE_HOME)
    lp.click("text=Casos para practicar")
    assert "ZQE2E-SCENARIO" in lp.content()
    lea.check("practice-list-es")
    lp.goto(scenario_url)
    assert not lp.is_visible("text=ZQE2E-SCENARIO-TEXT"), "the text waits behind the content note"
    lp.click("text=Ya leí el aviso")
    assert lp.is_visible("text=ZQE2E-SCENARIO-TEXT")
    lea.check("practice-scenario-es")
