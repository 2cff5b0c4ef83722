"""Repeat-harm matching across three instances (issue 19, docs/matching.md): Casa Semilla (A), Nido
Norte (B) and Tablero Sur (C) pair two by two through their admins' pages and take repeat-harm
matching on every connection; Casa's admin proposes a circle where Casa and Nido hold keys and
Tablero keeps the board, and the other two admins join. At Casa and at Nido a survivor opens her
case, records her consent, a care-team facilitator vouches, and she enters the same man's e-mail
address, spelt differently on each side. The board finds the match; once a week has passed (moved
back in the board's database, see below) both care teams read it on the case's matching page,
while the survivor's own account and the admin do not. Both care teams record her agreement, read
each other's names, and a note written at Casa is read at Nido."""
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import COLLECTIVE_HOME, Tejido
from test_cases import add_to_case, join, open_case, record_consent
from test_network import wait_for
from test_network_alerts import wait_for_section
from test_protocol import invite_member

# Deliveries between instances run in the background (a timer every ten seconds, and a nudge
# after each change); the network page promises "within a minute".
DELIVERY = 60
# The same address, as each survivor remembers it: capitals and spaces on one side, "mailto:" on
# the other. Both become email:ramiro.vega@example.org, so both give the same tag.
SPELLING_A = "  Ramiro.Vega@Example.ORG "
SPELLING_B = "mailto:RAMIRO.vega@example.org"
NOTE = "ZQE2E-MATCH-NOTE We are Casa's care team: write to cuidados@casa.example, Thursdays are best."


@pytest.fixture
def three_instances(neutral_site):
    servers = [Tejido(neutral_site, collective=name, network=True)
               for name in ["Casa Semilla", "Nido Norte", "Tablero Sur"]]
    yield servers
    for server in servers:
        server.stop()


def admin_of(visit, server):
    admin = visit(server)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    return admin


def connect(inviter, joiner, joiner_name):
    """Pairs two collectives as test_network.pair does (invitation pasted, codes compared,
    accepted), with admins already signed in; returns the connection's address on each side."""
    page, jp = inviter.page, joiner.page
    network = inviter.server.url(inviter.server.home + "/network")
    page.goto(network)
    page.fill("#hours", "24")
    page.click("text=Create an invitation")
    invitation = page.input_value("#new-invitation")
    jp.goto(joiner.server.url(joiner.server.home + "/network"))
    jp.fill("#invitation", invitation)
    jp.click("form[action$='/network/join'] button[type=submit]")
    code = jp.inner_text("code.pairing-code")
    connection_joiner = jp.url
    page.goto(network)
    page.click(f"main a:has-text('{joiner_name}')")
    assert page.inner_text("code.pairing-code") == code, "both admins read the same code"
    page.click("text=The codes match: accept")
    assert "Connected." in page.content(), page.inner_text("main")
    connection_inviter = page.url
    wait_for(jp, connection_joiner, "Connected.", seconds=DELIVERY)
    return connection_inviter, connection_joiner


def take_matching(admin, connection):
    """The admin chooses to send and accept repeat-harm matching on one connection."""
    page = admin.page
    page.goto(connection)
    box = page.locator("fieldset", has=page.locator("legend", has_text="Repeat-harm matching"))
    assert "Never a name or any identifier" in box.inner_text()
    page.check("#send-matching")
    page.check("#accept-matching")
    page.click("text=Save what is shared")
    assert "Saved." in page.content(), page.inner_text("main")
    assert page.is_checked("#send-matching") and page.is_checked("#accept-matching")


def circle_section(page, name):
    """The circle's panel on the circles page."""
    return page.locator("main section", has=page.locator("h2", has_text=name))


def circle_state(page, url, name):
    """The state shown beside the circle's name on the circles page."""
    page.goto(url)
    section = circle_section(page, name)
    return section.locator("h2 .tag").inner_text() if section.count() else None


def wait_for_circle(page, url, name, state, seconds=DELIVERY):
    deadline = time.time() + seconds
    seen = None
    while time.time() < deadline:
        seen = circle_state(page, url, name)
        if seen == state:
            return
        time.sleep(1)
    raise AssertionError(f"{name} on {url} is {seen!r}, never {state!r}")


def board_records(board):
    """The board's records as it holds them: only tags with random ids, never a case or a name."""
    with sqlite3.connect(Path(board.data) / "tejido.sqlite", timeout=10) as db:
        return db.execute("SELECT record_id, matched_at, notified_at, typeof(matched_at) "
                          "FROM matching_board_records").fetchall()


def wait_for_board(board, matched, seconds=DELIVERY):
    deadline = time.time() + seconds
    rows = []
    while time.time() < deadline:
        rows = board_records(board)
        if sum(1 for row in rows if row[1] is not None) >= matched:
            return rows
        time.sleep(1)
    raise AssertionError(f"the board never held {matched} matched records: {rows}")


def a_week_passes_on_the_board(board):
    """The board tells home instances of a match only on the Monday after the week it was found in
    (MatchBoard.housekeeping: matched_at before the start of this week). The browser cannot wait a
    week, so the test moves the board's matched_at back eight days, straight in the board's SQLite
    file (dates are stored as seconds since 1970); its next delivery run sends the notices."""
    with sqlite3.connect(Path(board.data) / "tejido.sqlite", timeout=10) as db:
        changed = db.execute("UPDATE matching_board_records SET matched_at = matched_at - 8 * 86400 "
                             "WHERE matched_at IS NOT NULL AND notified_at IS NULL").rowcount
    assert changed == 2


def the_survivors_side(visit, admin, server, survivor, facilitator, narrative):
    """A survivor and a care-team member join; she opens her case and makes them its facilitator."""
    links = {name: invite_member(admin, server, name, role) for name, role in
             [(survivor, "member"), (facilitator, "care_team")]}
    her = join(visit, server, links[survivor], survivor)
    care = join(visit, server, links[facilitator], facilitator)
    case_url = open_case(her, server, narrative)
    add_to_case(her.page, case_url, facilitator, "facilitator")
    return her, care, case_url


def enter(her, care, case_url, spelling, name):
    """Her consent, the facilitator's vouch, and the entry as she types it."""
    sp, cp = her.page, care.page
    matching = case_url + "/matching"
    sp.goto(case_url)
    sp.click("text=Repeat harm in other collectives")
    # A new case keeps everything in the collective: she lifts that wish first.
    assert "While the survivor wishes that nothing leaves the collective, nothing is entered." in sp.content()
    her.check(f"{name}-matching-kept-in-collective")
    # The page says where that wish is changed (not the consents page, which cannot lift it).
    assert "Record the consent of the person harmed" not in sp.inner_text("main")
    sp.click("text=Her wishes: what may leave the collective")
    sp.wait_for_url(case_url + "/wishes")
    sp.uncheck("#limit_keep_in_collective")
    sp.click("text=Save wishes")
    sp.goto(matching)
    assert "Record the survivor's consent to repeat-harm matching first." in sp.content(), sp.inner_text("main")
    her.check(f"{name}-matching-no-consent")
    record_consent(sp, case_url, "matching", "She agrees to look for him in the valley's circle")
    assert "Look for repeat harm in other collectives" in sp.content(), sp.inner_text("main")
    sp.goto(matching)
    assert "A facilitator of this case who is on the care team must vouch for the next entry first." in sp.content()
    assert sp.locator("#email").count() == 0

    cp.goto(case_url)
    cp.click("text=Repeat harm in other collectives")
    care.check(f"{name}-matching-vouch")
    cp.click("main button:has-text('Vouch for the next entry')")
    assert "You vouched for the next entry." in cp.content(), cp.inner_text("main")

    sp.goto(matching)
    # A malformed address is explained on its field, kept, and nothing is sent.
    sp.fill("#email", "ramiro.vega at example")
    sp.click("main form button:has-text('Enter')")
    assert "Enter an e-mail address like name@example.org." in sp.content(), sp.inner_text("main")
    assert sp.input_value("#email") == "ramiro.vega at example"
    assert "Entries" not in sp.inner_text("main")
    her.check(f"{name}-matching-error")
    sp.fill("#email", spelling)
    sp.click("main form button:has-text('Enter')")
    content = sp.inner_text("main")
    assert "e-mail" in content and "Entries" in content, content
    assert "On the board until" in content or "Sent to the board, which has not confirmed" in content, content
    wait_for(sp, matching, "On the board until", seconds=DELIVERY)
    her.check(f"{name}-matching-entered")


def test_two_survivors_name_the_same_person_in_two_spellings(three_instances, visit):
    a, b, c = three_instances
    started = time.time()
    casa, nido, tablero = (admin_of(visit, s) for s in (a, b, c))

    # The three collectives pair two by two, and each admin takes matching on each connection.
    ab_a, ab_b = connect(casa, nido, "Nido Norte")
    ac_a, ac_c = connect(casa, tablero, "Tablero Sur")
    bc_b, bc_c = connect(nido, tablero, "Tablero Sur")
    for admin, connection in [(casa, ab_a), (nido, ab_b), (casa, ac_a), (tablero, ac_c), (nido, bc_b), (tablero, bc_c)]:
        take_matching(admin, connection)
    for admin, connection in [(casa, ab_a), (casa, ac_a), (nido, ab_b), (nido, bc_b), (tablero, ac_c), (tablero, bc_c)]:
        wait_for_section(admin.page, connection, "Repeat-harm matching", "They accept this from us.", seconds=DELIVERY)
    casa.check("matching-connection-both-ways")

    # Casa's admin proposes a circle; a circle without a board is refused and explained.
    page = casa.page
    page.goto(a.url(a.home + "/network"))
    page.click("text=Matching circles: repeat harm found across collectives")
    circles_a = page.url
    assert "This collective is in no circle yet." in page.content()
    casa.check("matching-circles-empty")
    page.fill("#name", "Red del valle")
    page.get_by_label("This collective").select_option("key_holder")
    page.get_by_label("Nido Norte").select_option("key_holder")
    page.get_by_label("Tablero Sur").select_option("member")
    page.click("text=Propose the circle")
    assert "A circle needs at least three collectives, at least two key holders and exactly one board." \
        in page.content(), page.inner_text("main")
    assert page.input_value("#name") == "Red del valle"
    casa.check("matching-circle-propose-error")
    page.get_by_label("Tablero Sur").select_option("board")
    page.click("text=Propose the circle")
    assert circle_state(page, circles_a, "Red del valle") == "waiting for everyone to join", page.inner_text("main")
    casa.check("matching-circle-proposed")

    # Nido's and Tablero's admins read who is in it and what they are asked, and join.
    for admin, server, name, asked in [(nido, b, "nido", "You are asked to hold a key."),
                                       (tablero, c, "tablero", "You are asked to keep the board")]:
        circles = server.url(server.home + "/network/matching")
        wait_for(admin.page, circles, "asks you to join", seconds=DELIVERY)
        section = circle_section(admin.page, "Red del valle").inner_text()
        assert asked in section, section
        assert "Casa Semilla: Member and key holder" in section, section
        admin.check(f"matching-circle-invited-{name}")
        admin.page.click("main section button:has-text('Join')")
    for admin, server in [(casa, a), (nido, b), (tablero, c)]:
        wait_for_circle(admin.page, server.url(server.home + "/network/matching"), "Red del valle", "active")
    section = circle_section(page, "Red del valle").inner_text()
    for line in ["This collective: Member and key holder", "Nido Norte: Member and key holder",
                 "Tablero Sur: Member and board"]:
        assert line in section, section
    casa.check("matching-circle-active")
    print(f"circle active after {time.time() - started:.0f} s")

    # At Casa, Sofía's case with Carla as facilitator; at Nido, Luz's with Hilda.
    sofia, carla, case_a = the_survivors_side(visit, casa, a, "sofia", "carla", "ZQE2E-MATCH-NARRATIVE-A")
    luz, hilda, case_b = the_survivors_side(visit, nido, b, "luz", "hilda", "ZQE2E-MATCH-NARRATIVE-B")
    enter(sofia, carla, case_a, SPELLING_A, "casa")
    enter(luz, hilda, case_b, SPELLING_B, "nido")

    # The board holds two records of one tag, matched; nobody is told before the week is over.
    rows = wait_for_board(c, matched=2)
    assert len(rows) == 2 and all(row[2] is None for row in rows), rows
    assert all(row[3] == "real" for row in rows), f"matched_at is not stored as seconds: {rows}"
    for care, case_url in [(carla, case_a), (hilda, case_b)]:
        care.page.goto(case_url + "/matching")
        assert "On the board until" in care.page.content()
        assert "survivors named the same person" not in care.page.content()

    a_week_passes_on_the_board(c)

    # Both care teams read the match on the case's matching page.
    for care, case_url, name in [(carla, case_a, "casa"), (hilda, case_b, "nido")]:
        wait_for(care.page, case_url + "/matching", "2 survivors named the same person", seconds=DELIVERY)
        match = care.page.locator("main .match").inner_text()
        assert "A match" in match and "Talk with the survivor about it first." in match, match
        assert "Casa Semilla" not in match and "Nido Norte" not in match, "nobody is told where the other survivor is"
        care.check(f"{name}-matching-match")
    print(f"match told after {time.time() - started:.0f} s")

    # Her own account, which entered it, is not told; the admin cannot open the case at all.
    for her, case_url in [(sofia, case_a), (luz, case_b)]:
        response = her.page.goto(case_url + "/matching")
        assert response.status == 200
        seen = her.page.inner_text("main")
        assert "Entries" in seen and "On the board until" in seen, seen
        assert "A match" not in seen and "survivors named" not in seen, seen
        assert "Record her agreement" not in seen
    sofia.check("casa-matching-own-account-after-match")
    for admin, case_url in [(casa, case_a), (nido, case_b)]:
        assert admin.page.goto(case_url + "/matching").status == 404
        assert "survivors named" not in admin.page.content()

    # Carla records Sofía's agreement (the box first forgotten); Nido is not named to her yet.
    cp = carla.page
    cp.goto(case_a + "/matching")
    cp.click("main button:has-text('Record her agreement')")
    assert "Tick the box once she has told you she agrees." in cp.content(), cp.inner_text("main")
    carla.check("casa-matching-agree-error")
    cp.locator("main .match input[name=agrees]").check()
    cp.click("main button:has-text('Record her agreement')")
    match = cp.locator("main .match").inner_text()
    assert "The survivor's agreement was recorded by carla" in match, match
    assert "will be named here once the survivor on their side agrees too" in match, match
    assert "Nido Norte" not in match
    carla.check("casa-matching-agreed-waiting")

    # Hilda records Luz's agreement: each care team reads the other's name.
    hp = hilda.page
    hp.goto(case_b + "/matching")
    assert "Casa Semilla" not in hp.inner_text("main"), "Casa is not named to Nido before Luz agrees"
    hp.locator("main .match input[name=agrees]").check()
    hp.click("main button:has-text('Record her agreement')")
    wait_for(hp, case_b + "/matching", "In touch with the care team of: Casa Semilla", seconds=DELIVERY)
    wait_for(cp, case_a + "/matching", "In touch with the care team of: Nido Norte", seconds=DELIVERY)
    carla.check("casa-matching-in-touch")

    # Carla writes to Nido's care team; Hilda reads it, from Casa Semilla.
    cp.locator("main .match textarea[name=note]").fill(NOTE)
    cp.click("main button:has-text('Send the note')")
    assert NOTE in cp.locator("main .match").inner_text(), cp.inner_text("main")
    assert "From our care team (carla)" in cp.content()
    wait_for(hp, case_b + "/matching", NOTE, seconds=DELIVERY)
    note = hp.locator("main .match ul.notes li", has_text="ZQE2E-MATCH-NOTE").inner_text()
    assert "From Casa Semilla" in note, note
    hilda.check("nido-matching-note-read")

    # Nobody else reads it: not Luz, whose case it is, nor Nido's admin.
    luz.page.goto(case_b + "/matching")
    seen = luz.page.inner_text("main")
    assert "ZQE2E-MATCH-NOTE" not in seen and "Casa Semilla" not in seen, seen
    assert nido.page.goto(case_b + "/matching").status == 404
    print(f"done after {time.time() - started:.0f} s")
