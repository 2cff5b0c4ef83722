"""The respondent's own proposal, read by the survivor only when she chooses, accepted, and checked in on."""
from conftest import COLLECTIVE_HOME
from test_cases import add_to_case, join, open_case, record_consent
from test_protocol import invite_member


def test_a_proposal_with_care_work_becomes_commitments(tejido, visit):
    admin = visit(tejido)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    links = {name: invite_member(admin, tejido, name, role) for name, role in
             [("sofia", "member"), ("carla", "care_team"), ("ramon", "member"), ("alba", "member")]}
    sofia, carla, ramon, alba = (join(visit, tejido, links[n], n) for n in ["sofia", "carla", "ramon", "alba"])

    page = sofia.page
    case_url = open_case(sofia, tejido, "ZQE2E-ACC-NARRATIVE")
    page.goto(case_url + "/wishes")
    page.uncheck("#limit_do_not_tell_respondent")
    page.click("text=Save wishes")
    record_consent(page, case_url, "tell_respondent", "Ramón may write his proposal")
    for name, role in [("carla", "facilitator"), ("ramon", "respondent"), ("alba", "accountability")]:
        add_to_case(page, case_url, name, role)

    # Ramón writes his proposal; without care work it is refused and his words are kept.
    rp = ramon.page
    rp.goto(case_url + "/proposal")
    rp.fill("#acknowledgement", "ZQE2E-ACK I shouted at her in the assembly.")
    rp.fill("#behaviours", "I will leave the room when I am angry.")
    rp.fill("#timeline", "Three months.")
    rp.click("text=Save as a new version")
    assert "always includes care work" in rp.content()
    assert "ZQE2E-ACK" in rp.input_value("#acknowledgement")
    ramon.check("proposal-error")
    rp.fill("#care_work", "ZQE2E-CARE Cleaning the space every Sunday.")
    rp.click("text=Save as a new version")
    assert "Version 1" in rp.content()
    ramon.check("proposal")

    # Alba comments; Sofía sees nothing until she asks to read it, and never the comment.
    alba.page.goto(case_url + "/proposal")
    alba.page.fill("textarea[id^=comment-]", "ZQE2E-COMMENT Say how you will repair.")
    alba.page.click("text=Add the comment")
    assert "ZQE2E-COMMENT" in alba.page.content(), "the comment was saved"
    page.goto(case_url + "/proposal")
    assert "ZQE2E-ACK" not in page.content()
    sofia.check("proposal-unread")
    page.click("text=Read it now")
    assert "ZQE2E-CARE" in page.content() and "ZQE2E-COMMENT" not in page.content()

    # Carla records it as accepted and writes the commitment; Alba checks in.
    cp = carla.page
    cp.goto(case_url + "/proposal")
    cp.click("button:has-text('Record that this version was accepted')")
    cp.fill("#commitment_title", "ZQE2E-COMMIT Clean the space on Sundays")
    cp.check("#commitment_kind-care_work")
    cp.fill("#commitment_due", "2099-06-01")
    cp.click("text=Add the commitment")
    carla.check("commitments")
    ap = alba.page
    ap.goto(case_url + "/commitments")
    ap.check("input[name=progress][value=on_track]")
    ap.fill("textarea[name=note]", "ZQE2E-CHECKIN Came three Sundays in a row.")
    ap.click("text=Record the check-in")
    assert "ZQE2E-CHECKIN" in ap.content()

    # Sofía sees the summary she is given by default, and everything once she chooses it.
    page.goto(case_url + "/commitments")
    assert "1 commitment: 0 done, 1 under way, 0 running late, 0 past its date." in page.content()
    assert "ZQE2E-CHECKIN" not in page.content()
    sofia.check("commitments-summary")
    page.check("#progress_view-all")
    page.click("text=Save my choice")
    assert "ZQE2E-CHECKIN" in page.content()

    # The pod records the commitment met, and Carla records the plan completed.
    ap.goto(case_url + "/commitments")
    ap.check("input[name=progress][value=done]")
    ap.click("text=Record the check-in")
    cp.goto(case_url + "/commitments")
    cp.click("text=Record an outcome")
    cp.check("#outcome_kind-completed")
    cp.fill("#detail", "ZQE2E-DONE Three months of Sundays, and the repair she asked for.")
    cp.click("text=Record the outcome")
    assert "Plan completed" in cp.content() and "ZQE2E-DONE" in cp.content()
    carla.check("outcome")
    page.goto(case_url)
    assert "Outcome recorded: Plan completed." in page.content()

