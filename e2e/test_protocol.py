"""The protocol as a collective uses it: read, edit a severity level, adopt, acknowledge, share."""
import re
import urllib.error
import urllib.request

from conftest import COLLECTIVE_HOME
from test_shell import fill_new_account


def invite_member(admin, tejido, name, role="member"):
    """Creates an invitation as the admin and joins with it in a fresh browser; returns that visit."""
    page = admin.page
    page.goto(tejido.url(tejido.home + "/invites"))
    page.select_option("#role", role)
    page.click("text=Create link")
    link = page.input_value("#new-link")
    return link


def test_edit_adopt_and_acknowledge(tejido, visit):
    admin = visit(tejido)
    page = admin.sign_in()
    page.wait_for_url(COLLECTIVE_HOME)
    link = invite_member(admin, tejido, "ximena")

    page.goto(tejido.url(tejido.home))
    page.click("text=Protocol")
    assert "This version is not adopted" in page.content()
    admin.check("protocol")
    page.click("text=Edit the draft")
    admin.check("protocol-draft")
    page.click("text=Types of harm and how serious they are")
    admin.check("protocol-harms")
    page.locator("#harmTypes\\.5 >> text=Edit its levels and responses").click()
    assert "Physical violence" in page.locator("h1").inner_text()
    admin.check("protocol-harm")

    # A mistake first: the level's name emptied. The form comes back with the problem and the text kept.
    page.fill("[id='harmTypes.5.levels.1.name.en']", "")
    page.fill("[id='harmTypes.5.levels.1.description.en']", "Hitting, or aggression that repeats after being named.")
    page.click("text=Save as a new version")
    assert "Write this text; it cannot be empty." in page.content()
    assert page.input_value("[id='harmTypes.5.levels.1.description.en']") == "Hitting, or aggression that repeats after being named."
    admin.check("protocol-harm-error")
    page.fill("[id='harmTypes.5.levels.1.name.en']", "Serious")
    page.check("[id='harmTypes.5.levels.1.responses.allowed.internal_mediation']")
    page.fill("#note", "Clearer wording on physical violence")
    page.click("text=Save as a new version")
    assert "Saved as version 2." in page.content()

    page.goto(tejido.url(tejido.home + "/protocol/diff?from=1&to=2"))
    assert page.locator("ins", has_text="being named").count() == 1
    assert page.locator("del", has_text="physical").count() == 1
    admin.check("protocol-diff")
    page.goto(tejido.url(tejido.home + "/protocol/versions"))
    assert "Clearer wording on physical violence" in page.content()
    admin.check("protocol-versions")

    # Put the draft to the collective, then record the collective's decision.
    page.goto(tejido.url(tejido.home + "/protocol/draft"))
    page.click("text=Put this version to the collective")
    assert "waiting for the collective" in page.content()
    page.click("text=Record the decision")
    admin.check("protocol-decision")
    page.check("#outcome-adopted")
    page.fill("#agree", "7")
    page.fill("#abstain", "1")
    page.click("form.stack button[type=submit]")
    assert "7 agreed, 0 disagreed, 1 abstained, 0 blocked" in page.content()

    # A member joins, is asked to read the agreement, and acknowledges it.
    member = visit(tejido)
    join = member.page
    join.goto(link)
    fill_new_account(join, "ximena")
    join.wait_for_url(COLLECTIVE_HOME)
    # Joined after the adoption: welcomed as a newcomer and asked first thing (issue 17).
    assert "adopted its co-existence agreement before you joined" in join.content()
    member.check("collective-home-agreement-pending")
    join.click("text=Read the agreement")
    member.check("protocol-agreement")
    join.click("text=I have read it and I commit to it")
    assert "You acknowledged this agreement" in join.content()
    join.click("text=Raise a concern about the protocol")
    member.check("protocol-concern")
    join.fill("#text", "The agreement should say how we handle online spaces.")
    join.click("text=Send to the care team")
    assert "Your concern was sent" in join.content()
    # Read-only for members: the draft is not theirs to edit.
    assert join.goto(tejido.url(tejido.home + "/protocol/draft")).status == 403

    page.goto(tejido.url(tejido.home + "/protocol/acknowledgements"))
    # Numbers only: nobody is named, whether they acknowledged or not.
    assert "1 of 2 members" in page.locator("main").inner_text() and "ximena" not in page.content()
    admin.check("protocol-acknowledgements")
    page.goto(tejido.url(tejido.home + "/protocol/concerns"))
    assert "online spaces" in page.content()
    admin.check("protocol-concerns")
    page.goto(tejido.url(tejido.home + "/protocol/print"))
    admin.check("protocol-print")
    page.goto(tejido.url(tejido.home + "/protocol/draft/start"))
    admin.check("protocol-start")

    # Published, the protocol in force is readable without an account.
    try:
        urllib.request.urlopen(tejido.url(tejido.home.replace("/c/", "/public/") + "/protocol"))
        raise AssertionError("an unpublished protocol has a public page")
    except urllib.error.HTTPError as error:
        assert error.code == 404
    page.goto(tejido.url(tejido.home + "/protocol"))
    page.click("text=Publish the protocol in force")
    visitor = visit(tejido)
    visitor.goto(tejido.home.replace("/c/", "/public/") + "/protocol")
    assert "aggression that repeats after being named" in visitor.page.content()
    visitor.check("protocol-public")


def test_editing_without_javascript_and_in_spanish(tejido, visit):
    v = visit(tejido, javascript=False, locale="es-ES")
    page = v.sign_in()
    page.wait_for_url(COLLECTIVE_HOME)
    page.goto(tejido.url(tejido.home + "/protocol/draft/agreement"))
    assert "Acuerdo de convivencia" in page.locator("h1").inner_text()
    english = page.input_value("[id='agreement.commitments.en']")
    page.fill("[id='agreement.commitments.es']", page.input_value("[id='agreement.commitments.es']") + "\nCuidamos los espacios en línea.")
    page.fill("[id='agreement.commitments.en']", english + "\nWe look after our online spaces.")
    page.click("text=Guardar como versión nueva")
    assert "Guardado como versión 2." in page.content()
    v.check("protocol-draft-nojs-es")
    page.click("text=Presentar esta versión al colectivo")
    page.click("text=Registrar la decisión")
    page.check("#outcome-adopted")
    page.fill("#agree", "4")
    page.click("form.stack button[type=submit]")
    page.goto(tejido.url(tejido.home + "/protocol"))
    assert "Cuidamos los espacios en línea." in page.content()
    assert "adoptada" in page.content()

    es = visit(tejido, locale="es-ES")
    es.sign_in()
    es.page.goto(tejido.url(tejido.home + "/protocol"))
    es.check("protocol-es")
    es.page.goto(tejido.url(tejido.home + "/protocol/draft/harms/sexual-assault"))
    es.check("protocol-harm-es")
