"""Two collectives on two instances connect: the inviting admin (JavaScript on, English) makes an
invitation, the other (no JavaScript, Spanish) pastes it, both read the same code, the inviter
accepts, and both see the connection active."""
import re
import time

import pytest

from conftest import COLLECTIVE_HOME, Tejido
from test_cases import adopt_protocol


@pytest.fixture
def pair_of_instances(neutral_site):
    a = Tejido(neutral_site, collective="Casa Semilla", network=True)
    b = Tejido(neutral_site, collective="Nido Norte", network=True)
    yield a, b
    a.stop()
    b.stop()


def wait_for(page, url, text, seconds=20):
    """Reloads until `text` shows: deliveries between instances happen in the background."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        page.goto(url)
        if text in page.content():
            return
        time.sleep(0.5)
    raise AssertionError(f"{text!r} never appeared on {url}")


def pair(visit, a, b):
    """Returns the two admins' visits and the connection's address on each side."""
    inviter = visit(a)
    inviter.sign_in().wait_for_url(COLLECTIVE_HOME)
    page = inviter.page
    page.click("text=Connected collectives")
    network_a = page.url
    inviter.check("network-empty")
    page.fill("#hours", "24")
    page.click("text=Create an invitation")
    invitation = page.input_value("#new-invitation")
    assert invitation.startswith("tejido-pair-1:")
    inviter.check("network-invitation")

    joiner = visit(b, javascript=False, locale="es-ES")
    joiner.sign_in().wait_for_url(COLLECTIVE_HOME)
    jp = joiner.page
    jp.goto(jp.url + "/network")
    assert "Colectivos con los que estamos conectados" in jp.content()
    # A broken paste is explained and kept.
    jp.fill("#invitation", invitation[:-12])
    jp.click("form[action$='/network/join'] button[type=submit]")
    assert "no es una invitación de Tejido completa" in jp.content(), jp.inner_text("main")
    assert jp.input_value("#invitation") == invitation[:-12]
    joiner.check("red-invitacion-rota")
    jp.fill("#invitation", invitation)
    jp.click("form[action$='/network/join'] button[type=submit]")
    assert "Esperando a que acepten" in jp.content()
    code_b = jp.inner_text("code.pairing-code")
    connection_b = jp.url
    joiner.check("red-esperando")

    page.goto(network_a)
    assert "Nido Norte" in page.content()
    page.click("text=Nido Norte")
    assert "Compare the code before you accept" in page.content()
    assert page.inner_text("code.pairing-code") == code_b, "both admins read the same code"
    inviter.check("network-compare")
    page.click("text=The codes match: accept")
    assert "Connected." in page.content()
    connection_a = page.url
    wait_for(jp, connection_b, "Conectados.")
    joiner.check("red-conectados")
    return inviter, joiner, connection_a, connection_b


def test_two_collectives_pair_comparing_the_code(pair_of_instances, visit):
    a, b = pair_of_instances
    inviter, joiner, connection_a, connection_b = pair(visit, a, b)
    jp = joiner.page

    # Casa Semilla adopts its protocol and shares one directory entry; Nido receives both.
    adopt_protocol(inviter, a)
    page = inviter.page
    page.goto(a.url(a.home + "/directory/new"))
    page.fill("#name", "Equipo Tejiendo")
    page.select_option("#kind", "crisis_team")
    page.fill("#website", "https://example.org")
    page.check("#verified_now")
    page.click("text=Save the entry")
    page.click("button:has-text('Share with connected collectives')")
    inviter.check("directory-entry-shared")
    wait_for(jp, b.url(b.home + "/shared/protocols"), "Casa Semilla")
    joiner.check("red-protocolos-recibidos")
    wait_for(jp, b.url(b.home + "/directory?q=tejiendo"), "Compartida por Casa Semilla")
    assert "Equipo Tejiendo" in jp.content()
    joiner.check("red-directorio-compartido")

    # Ending on one side closes it on both, and what was shared is forgotten.
    jp.goto(connection_b)
    jp.click("button:has-text('Terminar la conexión')")
    assert "Esta conexión ha terminado" in jp.content(), jp.inner_text("main")
    wait_for(inviter.page, connection_a, "This connection has ended")
    inviter.check("network-ended")
    jp.goto(b.url(b.home + "/directory?q=tejiendo"))
    assert "Equipo Tejiendo" not in jp.content()
