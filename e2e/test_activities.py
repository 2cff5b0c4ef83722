"""Activities and groups, walked as their people would: a workshop with a session and its
attendance, and a masculinity group whose notes an admin cannot open."""
from datetime import datetime, timedelta, timezone

from conftest import COLLECTIVE_HOME
from test_cases import join
from test_protocol import invite_member
from test_shell import fill_new_account


def moment(delta):
    return (datetime.now(timezone.utc) + delta).strftime("%Y-%m-%dT%H:%M")


def test_a_workshop_with_attendance_and_a_group_whose_notes_an_admin_cannot_open(tejido, visit):
    admin = visit(tejido)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    links = {name: invite_member(admin, tejido, name, role) for name, role in
             [("carla", "care_team"), ("memo", "member"), ("nico", "member")]}
    carla = join(visit, tejido, links["carla"], "carla")
    memo = join(visit, tejido, links["memo"], "memo")
    # Nico reads Tejido in Spanish, without JavaScript.
    nico = visit(tejido, javascript=False, locale="es-ES")
    nico.page.goto(links["nico"])
    fill_new_account(nico.page, "nico")
    nico.page.wait_for_url(COLLECTIVE_HOME)
    activities = tejido.url(tejido.home + "/activities")

    # Carla, on the care team, creates a workshop she runs herself.
    cp = carla.page
    cp.goto(activities)
    cp.click("text=Start an activity or a group")
    cp.select_option("#kind", "workshop")
    cp.fill("#title", "Consent basics")
    cp.check("text=carla")
    cp.click("form.stack button[type=submit]")
    carla.check("activity-new")
    workshop = cp.url

    # A session that ends before it starts is refused beside the field, keeping what was typed.
    cp.click("text=Plan a session")
    cp.fill("#starts_at", moment(timedelta(hours=-1)))
    cp.fill("#ends_at", moment(timedelta(hours=-2)))
    cp.fill("#place", "Community hall")
    cp.click("form:has(#starts_at) button[type=submit]")
    assert "The end has to come after the start." in cp.content()
    assert cp.input_value("#place") == "Community hall"
    carla.check("activity-session-error")
    cp.fill("#ends_at", moment(timedelta(hours=2)))
    cp.click("form:has(#starts_at) button[type=submit]")

    # Memo says he will come; Nico sees a count, not his name.
    mp = memo.page
    mp.goto(workshop)
    mp.click("text=I will come")
    assert "You said you will come." in mp.content()
    memo.check("activity-coming")
    np = nico.page
    np.goto(workshop)
    assert "Vienen: 1" in np.inner_text("main")
    assert "memo" not in np.inner_text("main")
    nico.check("activity-es")

    # Carla records who took part; Memo finds it on his own page.
    cp.goto(workshop)
    assert "memo" in cp.inner_text("main")
    cp.click("text=Record who took part")
    attendance = cp.url
    cp.check("text=memo")
    cp.click("form.stack button[type=submit]")
    assert "Saved." in cp.content()
    carla.check("activity-attendance")
    mp.goto(tejido.url("/account"))
    mp.click("text=What I took part in")
    assert "Consent basics" in mp.inner_text("main")
    memo.check("activity-took-part")

    # The admin runs nothing here: the attendance list is not hers to see.
    ap = admin.page
    response = ap.goto(attendance)
    assert response.status == 403
    assert "memo" not in ap.inner_text("main")

    # Memo starts a masculinity group and writes its first note.
    mp.goto(activities)
    mp.click("text=Start an activity or a group")
    mp.select_option("#kind", "masculinity_group")
    mp.fill("#title", "Men listening")
    mp.click("form.stack button[type=submit]")
    group = mp.url
    mp.click("text=The group's notes")
    mp.fill("#note", "ZQE2E-GROUP-NOTE we talked about jealousy")
    mp.click("form.stack button[type=submit]")
    assert "ZQE2E-GROUP-NOTE" in mp.inner_text("main")
    memo.check("group-notes")

    # Nico asks to join in Spanish; Memo welcomes him; the note opens for him.
    np.goto(group)
    np.click("text=Pedir entrar")
    assert "Pediste entrar" in np.inner_text("main")
    mp.goto(group)
    mp.click("text=Welcome them")
    np.goto(group + "/notes")
    assert "ZQE2E-GROUP-NOTE" in np.inner_text("main")
    nico.check("group-notes-es")

    # The admin gets no note text by any route.
    for path in [group, group + "/notes", activities]:
        ap.goto(path)
        assert "ZQE2E-GROUP-NOTE" not in ap.content()
    assert ap.goto(group + "/notes").status == 403

    # Nico leaves, and the notes close to him at once.
    np.goto(group)
    np.click("text=Salir de este grupo")
    np.click("text=Salir del grupo")
    assert np.goto(group + "/notes").status == 403
