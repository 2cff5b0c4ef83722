"""Cases sealed to the people in them, as a person meets it: who can open a case, the session's
copy of her key gone after quick exit, and a forgotten passphrase recovered with a code."""
import re
import sqlite3
import time
from pathlib import Path

from conftest import COLLECTIVE_HOME, PASSPHRASE

CASE = re.compile(r"/cases/[0-9A-F-]{36}$")


def session_keys(server):
    """How many sessions hold a sealed copy of someone's key, read from the database file."""
    with sqlite3.connect(Path(server.data) / "tejido.sqlite") as db:
        return db.execute("SELECT COUNT(*) FROM sessions WHERE sealed_key IS NOT NULL").fetchone()[0]


def test_quick_exit_forgets_the_key_and_a_recovery_code_brings_it_back(tejido, visit, neutral_site):
    rosa = visit(tejido)
    page = rosa.sign_in()
    page.wait_for_url(COLLECTIVE_HOME)
    page.click("text=Cases")
    page.click("text=Open a case about what happened to me")
    page.fill("#narrative", "ZQE2E-SEALED what happened")
    page.click("text=Open the case")
    page.wait_for_url(CASE)
    case_url = page.url
    content = page.content()
    assert "Who can open this case" in content
    assert "You are the only person who can open this case" in content
    rosa.check("case-sealed")
    assert session_keys(tejido) == 1

    # Quick exit: the session ends, and with it the only copy of her key the server held.
    page.click("#quick-exit")
    page.wait_for_url(neutral_site)
    assert session_keys(tejido) == 0
    # Quick exit's beacon answers by clearing every cookie; signing in again before that answer
    # lands would lose the new form token with the rest, so wait for it as a person would.
    for _ in range(100):
        if not any(c["name"] == "sid" for c in rosa.context.cookies()):
            break
        time.sleep(0.05)

    # Back in, she makes a recovery code (her passphrase asked again) and writes it down.
    page = rosa.sign_in()
    page.wait_for_url(COLLECTIVE_HOME)
    rosa.goto("/account")
    page.fill("#recovery_passphrase", PASSPHRASE)
    page.click("text=Make my recovery code")
    code = page.locator("code.recovery-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){4}", code)
    rosa.check("account-recovery-code")

    # She forgets her passphrase: the code sets a new one, and her case opens as before.
    page.click("text=Sign out")
    rosa.goto("/login")
    page.click("text=Forgot your passphrase?")
    rosa.check("recover")
    page.fill("#username", "rosa")
    page.fill("#code", code.lower().replace("-", " "))
    page.fill("#new", "a new passphrase for rosa")
    page.fill("#confirmation", "a new passphrase for rosa")
    page.click("text=Set the new passphrase")
    page.wait_for_url(re.compile(r"/account\?notice=recovered$"))
    assert "your key is yours again" in page.content()
    page.goto(case_url)
    assert "ZQE2E-SEALED what happened" in page.content()
