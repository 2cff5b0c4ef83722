"""An alert between two collectives on two instances (issue 18): Casa Semilla and Nido Norte pair and
both take alerts; at Casa, a case ends in limits, the person harmed lifts her wish that nothing leaves
the collective, the assembly adopts an alert as the protocol asks, she consents naming Nido Norte, one
of the care team prepares the alert and another confirms it; Nido's care team (in Spanish, without
JavaScript) reads it and notes what it did, while Nido's admin and an ordinary member are refused;
then Casa retracts it and it is gone from Nido's queue."""
import datetime
import time

from conftest import COLLECTIVE_HOME
from test_cases import record_consent, add_to_case, adopt_protocol, join, open_case
from test_network import pair, pair_of_instances, wait_for  # noqa: F401 (pair_of_instances is a fixture)
from test_protocol import invite_member
from test_shell import fill_new_account

# Deliveries between instances run in the background (a timer every ten seconds, and a nudge
# after each change); the network page promises "within a minute".
DELIVERY = 60
PERSON = "ZQE2E-PERSON Ramiro from the kitchen"
CONTACT = "cuidados@casa-semilla.example"
NARRATIVE = "ZQE2E-ALERT-NARRATIVE he kept insulting her at the kitchen"
LIMITS = "ZQE2E-LIMITS Away from the Thursday kitchen"


def wait_until_gone(page, url, text, seconds=DELIVERY):
    """Reloads until `text` no longer shows."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        page.goto(url)
        if text not in page.content():
            return
        time.sleep(0.5)
    raise AssertionError(f"{text!r} was still on {url} after {seconds} s")


def wait_for_section(page, url, section, text, seconds=DELIVERY):
    """Reloads until the fieldset whose legend is `section` holds `text`."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        page.goto(url)
        box = page.locator("fieldset", has=page.locator("legend", has_text=section))
        if text in box.inner_text():
            return
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared under {section!r} on {url}")


def join_as(visit, tejido, link, name, **options):
    """Joins with an invitation link in a browser of the given language and JavaScript setting."""
    person = visit(tejido, **options)
    person.page.goto(link)
    fill_new_account(person.page, name)
    person.page.wait_for_url(COLLECTIVE_HOME)
    return person


def test_an_alert_is_sent_with_consent_read_by_their_care_team_and_retracted(pair_of_instances, visit):
    a, b = pair_of_instances
    today = datetime.date.today()
    inviter, joiner, connection_a, connection_b = pair(visit, a, b)
    jp = joiner.page

    # Both sides choose to send and take alerts: Nido's admin in Spanish without JavaScript.
    jp.goto(connection_b)
    assert not jp.is_checked("#accept-alerts"), "alerts are not taken unless an admin chooses it"
    jp.check("#send-alerts")
    jp.check("#accept-alerts")
    jp.check("#send-mediation")
    jp.check("#accept-mediation")
    jp.click("text=Guardar qué se comparte")
    assert "Guardado." in jp.content(), jp.inner_text("main")
    assert jp.is_checked("#accept-alerts")
    joiner.check("red-alertas-aceptadas")
    page = inviter.page
    page.goto(connection_a)
    page.check("#send-alerts")
    page.check("#accept-alerts")
    page.check("#send-mediation")
    page.check("#accept-mediation")
    page.click("text=Save what is shared")
    assert "Saved." in page.content()
    # Casa sends only once Nido has told it that it takes alerts.
    wait_for_section(page, connection_a, "Alerts", "They accept this from us.")
    inviter.check("network-alerts-both-ways")

    # Casa Semilla: its protocol, Sofía who was harmed, Carla and Dani of the care team.
    adopt_protocol(inviter, a)
    links = {name: invite_member(inviter, a, name, role) for name, role in
             [("sofia", "member"), ("carla", "care_team"), ("dani", "care_team")]}
    sofia, carla, dani = (join(visit, a, links[n], n) for n in ["sofia", "carla", "dani"])

    # Nido Norte: Hilda of the care team (in Spanish, without JavaScript, and again in a browser
    # with it so axe reads her page), Inés an ordinary member. The admin makes the links in English.
    nido_admin = visit(b)
    nido_admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    nido_links = {name: invite_member(nido_admin, b, name, role) for name, role in
                  [("hilda", "care_team"), ("ines", "member")]}
    hilda_es = join_as(visit, b, nido_links["hilda"], "hilda", javascript=False, locale="es-ES")
    ines = join_as(visit, b, nido_links["ines"], "ines")
    hilda = visit(b)
    hilda.sign_in("hilda").wait_for_url(COLLECTIVE_HOME)
    queue_b = b.url(b.home + "/alerts")
    hp = hilda_es.page
    hp.goto(b.url(b.home))
    assert "Alertas recibidas" in hp.content(), "the care team's home leads to the alerts"
    hp.click("text=Alertas recibidas")
    assert "Alertas de colectivos conectados" in hp.content()
    assert "No hay alertas." in hp.content()
    hilda_es.check("alertas-vacias")

    # Sofía's case: Carla and Dani hold it; Carla classifies it as serious psychological harm.
    sp = sofia.page
    case_url = open_case(sofia, a, NARRATIVE)
    for name in ["carla", "dani"]:
        add_to_case(sp, case_url, name, "facilitator")
    cp = carla.page
    cp.goto(case_url + "/classify")
    cp.check("[id='c-psychological/2']")
    cp.fill("#reason", "Repeated insults, she stopped coming")
    cp.click("text=Save the classification")
    assert "Responses the protocol allows" in cp.content()
    carla.check("case-classified-for-alert")

    # The case page leads the care team to alerts; before an outcome, none can be prepared.
    cp.goto(case_url)
    cp.click("text=Alerts to other collectives")
    assert "Alerts to other collectives" in cp.inner_text("h1")
    assert "An alert can be sent only once the case's outcome is limits, a suspension or an expulsion." in cp.content()
    assert cp.locator("#person").count() == 0
    carla.check("case-alerts-no-outcome")
    sp.goto(case_url)
    assert "Alerts to other collectives" not in sp.content(), "only the care team is led to alerts"
    assert sp.goto(case_url + "/alerts").status == 403
    assert "ZQE2E" not in sp.content()

    # Carla records limits as the outcome.
    cp.goto(case_url + "/commitments")
    cp.click("text=Record an outcome")
    cp.check("#outcome_kind-limits")
    cp.fill("#detail", LIMITS)
    cp.fill("#spaces", "Thursday kitchen")
    cp.fill("#until", (today + datetime.timedelta(days=365)).isoformat())
    cp.click("text=Record the outcome")
    assert "Limits on taking part" in cp.content(), cp.inner_text("main")
    assert LIMITS in cp.content()
    carla.check("case-outcome-limits")

    # Her new case keeps everything in the collective: the alerts page says so first.
    cp.goto(case_url + "/alerts")
    assert "Her wishes say nothing of this case leaves the collective." in cp.content(), cp.inner_text("main")
    carla.check("case-alerts-kept-in-collective")

    # Sofía lifts that wish and "not to the assembly"; then the protocol asks for the assembly.
    sp.goto(case_url + "/wishes")
    sp.uncheck("#limit_keep_in_collective")
    sp.uncheck("#limit_not_to_assembly")
    sp.click("text=Save wishes")
    cp.goto(case_url + "/alerts")
    assert "The protocol says the assembly decides on an alert for these harms" in cp.content(), cp.inner_text("main")
    carla.check("case-alerts-need-assembly")

    # She puts an item to the assembly asking for an alert; three of Casa agree and Carla closes it.
    record_consent(sp, case_url, "assembly_item", "A summary I approve, without names")
    sp.goto(case_url + "/assembly")
    sp.fill("#title", "An alert to a connected collective")
    sp.fill("#text", "ZQE2E-ALERT-ITEM The care team proposes to alert a connected collective about limits.")
    sp.select_option("#asks", "alert_other_collectives")
    sp.click("text=Put it on the assembly's agenda")
    cp.goto(a.url(a.home + "/assembly"))
    cp.click("text=An alert to a connected collective")
    item_url = cp.url
    for person in [carla, dani, inviter]:
        person.page.goto(item_url)
        person.page.check("#position-agree")
        person.page.click("text=Save my position")
    cp.goto(item_url)
    cp.click("text=Review and close")
    cp.click("text=Close and record the outcome")
    assert "Adopted" in cp.content(), cp.inner_text("main")

    # Now it waits for her consent.
    cp.goto(case_url + "/alerts")
    assert "has not given a standing consent to send an alert" in cp.content()
    carla.check("case-alerts-no-consent")

    # Sofía consents, naming Nido Norte; without naming a collective it is refused and explained.
    sp.goto(case_url + "/consents")
    sp.select_option("#scope", "send_alert")
    sp.fill("#detail", "ZQE2E-CONSENT Nido Norte may be told he is kept from the kitchen")
    sp.click("text=Record the consent")
    assert "Tick the connected collectives" in sp.content(), sp.inner_text("main")
    assert "ZQE2E-CONSENT" in sp.input_value("#detail"), "what she typed is kept"
    sofia.check("case-consent-alert-error")
    sp.select_option("#scope", "send_alert")
    sp.check("#recipients >> label:has-text('Nido Norte')")
    sp.click("text=Record the consent")
    assert "Send an alert to connected collectives" in sp.content()
    assert "to Nido Norte" in sp.content()
    sofia.check("case-consent-alert")

    # Carla prepares it; she cannot confirm what she prepared herself.
    expires = (today + datetime.timedelta(days=300)).isoformat()
    review = (today + datetime.timedelta(days=150)).isoformat()
    cp.goto(case_url + "/alerts")
    assert "Prepare an alert" in cp.content()
    carla.check("case-alerts-form")
    cp.fill("#person", PERSON)
    cp.select_option("#harm", "psychological")
    cp.check("#ongoing")
    cp.fill("#contact", CONTACT)
    # An expiry more than two years away comes back explained, with what she typed.
    cp.fill("#expires", (today + datetime.timedelta(days=1000)).isoformat())
    cp.fill("#review", review)
    cp.check("#recipients >> label:has-text('Nido Norte')")
    cp.click("button:has-text('Prepare')")
    assert "at most two years away" in cp.content(), cp.inner_text("main")
    assert cp.input_value("#person") == PERSON
    carla.check("case-alerts-form-error")
    cp.fill("#expires", expires)
    if not cp.is_checked("#recipients >> label:has-text('Nido Norte')"):
        cp.check("#recipients >> label:has-text('Nido Norte')")
    cp.click("button:has-text('Prepare')")
    content = cp.content()
    assert PERSON in content and "Prepared" in content
    assert "Nido Norte: not sent: waiting for a second person to confirm" in content
    assert "You prepared it: someone else of the care team confirms it." in content
    assert cp.locator("button:has-text('Confirm and send')").count() == 0
    carla.check("case-alerts-prepared")

    # Nothing has left: Nido's queue stays empty while it waits for a second person.
    hp.goto(queue_b)
    assert "No hay alertas." in hp.content() and PERSON not in hp.content()

    # Dani confirms it; it goes.
    dp = dani.page
    dp.goto(case_url + "/alerts")
    assert PERSON in dp.content()
    dani.check("case-alerts-to-confirm")
    dp.click("button:has-text('Confirm and send')")
    assert "confirmed by" in dp.content() and "dani" in dp.content()
    wait_for(dp, case_url + "/alerts", "Nido Norte: received", seconds=DELIVERY)
    dani.check("case-alerts-received")

    # At Nido: the care team reads it, in Spanish, without JavaScript, with where it came from.
    wait_for(hp, queue_b, PERSON, seconds=DELIVERY)
    seen = hp.content()
    assert "De Casa Semilla" in seen
    assert "Límites" in seen and "Hay un proceso en marcha" in seen
    assert CONTACT in seen
    for hidden in ["ZQE2E-ALERT-NARRATIVE", "ZQE2E-LIMITS", "ZQE2E-CONSENT", "sofia", "carla", "dani"]:
        assert hidden not in seen, f"Nido's care team saw {hidden}"
    hilda_es.check("alertas-recibidas")
    # Her account keeps the Spanish she joined in, whatever this browser asks for; axe reads it.
    hilda.page.goto(queue_b)
    assert PERSON in hilda.page.content() and "De Casa Semilla" in hilda.page.content()
    hilda.check("alertas-recibidas-axe")

    # Nido's ordinary member and its admin are refused the queue, and are not led to it.
    ip = ines.page
    ip.goto(b.url(b.home))
    assert "Alerts received" not in ip.content()
    assert ip.goto(queue_b).status == 403
    assert "You cannot do this with your role in the collective." in ip.content()
    assert PERSON not in ip.content() and CONTACT not in ip.content()
    ines.check("alerts-refused-member")
    assert nido_admin.page.goto(queue_b).status == 403
    assert PERSON not in nido_admin.page.content()
    nido_admin.page.goto(b.url(b.home))
    assert "Alerts received" not in nido_admin.page.content()

    # Hilda notes what they did; the note stays with the alert.
    hp.goto(queue_b)
    hp.fill("textarea[name=note]", "ZQE2E-NOTA Hablamos con el equipo de cocina")
    hp.click("text=Guardar la nota")
    assert hp.input_value("textarea[name=note]") == "ZQE2E-NOTA Hablamos con el equipo de cocina"
    hilda.page.goto(queue_b)
    assert "ZQE2E-NOTA Hablamos con el equipo de cocina" in hilda.page.content()

    # Carla retracts it everywhere; it disappears from Nido's queue.
    cp.goto(case_url + "/alerts")
    assert "Nido Norte: received" in cp.content()
    cp.click("button:has-text('Retract everywhere')")
    assert "Retracted" in cp.content()
    assert cp.locator("button:has-text('Retract everywhere')").count() == 0
    wait_for(cp, case_url + "/alerts", "Nido Norte: retracted there", seconds=DELIVERY)
    carla.check("case-alerts-retracted")
    wait_until_gone(hp, queue_b, PERSON)
    assert "No hay alertas." in hp.content()
    assert "ZQE2E-NOTA" not in hp.content()
    hilda_es.check("alertas-retirada")

    # The case also asks Nido Norte to find an outside mediator. Sofía writes an entry to share and
    # addresses the invitation to Nido Norte, with a note of two lines: the link is not shown at
    # Casa; it reaches Hilda's list (never Nido's admin), opens on Casa's server once, and leaves
    # Nido's list once used.
    sp.goto(case_url)
    sp.check("#visibility-survivor_side")
    sp.fill("#text", "ZQE2E-MEDIATION-ENTRY what I want a mediator to read")
    sp.click("text=Add to the timeline")
    sp.goto(case_url + "/mediators")
    sp.fill("#label", "Someone Nido Norte finds")
    sp.check("label:has-text('ZQE2E-MEDIATION-ENTRY') >> xpath=preceding-sibling::input")
    sp.fill("#note", "ZQE2E-MEDIATION-NOTE First line\nSecond line")
    sp.select_option("#to_collective", label="Nido Norte")
    sp.click("text=Make the link")
    assert sp.locator("#new-link").count() == 0, "sent over the connection, not shown here"
    wait_for(sp, case_url + "/mediators", "sent to Nido Norte: arrived", seconds=DELIVERY)
    sofia.check("case-mediator-sent-to-collective")
    requests_b = b.url(b.home + "/shared/mediation")
    wait_for(hp, requests_b, "ZQE2E-MEDIATION-NOTE", seconds=DELIVERY)
    assert "De Casa Semilla" in hp.content()
    assert "ZQE2E-MEDIATION-ENTRY" not in hp.content(), "nothing of the case itself crosses"
    hilda_es.check("peticiones-mediacion")
    hilda.page.goto(requests_b)
    link = hilda.page.input_value("input.copy-field")
    assert "/mediate/" in link
    hilda.check("mediation-requests-axe")
    assert nido_admin.page.goto(requests_b).status == 403
    assert ip.goto(requests_b).status == 403

    # The mediator Nido found opens it, on Casa's server, and reads only the chosen entry.
    mediator = visit(a)
    mp = mediator.page
    mp.goto(link)
    mp.click("button:has-text('Open')")
    assert "ZQE2E-MEDIATION-ENTRY" in mp.content() and NARRATIVE not in mp.content()
    mediator.check("mediate-through-collective")
    wait_until_gone(hp, requests_b, "ZQE2E-MEDIATION-NOTE")
    assert "No hay peticiones." in hp.content()
    wait_for(sp, case_url + "/mediators", "sent to Nido Norte: used by the mediator they found", seconds=DELIVERY)
