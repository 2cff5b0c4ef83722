"""Walks through Tejido's shell as people would: set up, sign in, invite, join, leave quickly."""
import re
import urllib.error
import urllib.request

from conftest import COLLECTIVE_HOME, PASSPHRASE


def fill_new_account(page, username):
    """Types a new account's name and passphrase (twice) into the setup or join form, and sends it."""
    page.fill("#username", username)
    page.fill("#passphrase", PASSPHRASE)
    page.fill("#confirmation", PASSPHRASE)
    page.click("form.stack button[type=submit]")


def test_first_run_setup_in_the_browser(fresh_tejido, visit):
    v = visit(fresh_tejido)
    page = v.goto("/")
    v.check("home-before-setup")
    page.click("text=Set up Tejido")
    v.check("setup")
    # A mistake first: the form comes back with the problem and what was typed.
    page.fill("#collective", "Huerta Común")
    fill_new_account(page, "mo")
    assert "Choose a username of 3 to 32 characters." in page.content()
    assert page.input_value("#collective") == "Huerta Común"
    v.check("setup-with-errors")
    fill_new_account(page, "moira")
    page.wait_for_url(COLLECTIVE_HOME)
    assert page.locator("h1").inner_text() == "Huerta Común"
    v.check("collective-home-admin")
    try:
        urllib.request.urlopen(fresh_tejido.url("/setup"))
        raise AssertionError("setup page still answers")
    except urllib.error.HTTPError as error:
        assert error.code == 404


def test_sign_in_invite_and_join(tejido, visit):
    admin = visit(tejido)
    page = admin.goto("/login")
    admin.check("login")
    admin.sign_in()
    page.wait_for_url(COLLECTIVE_HOME)
    admin.check("collective-home")
    page.click("text=Invitations")
    admin.check("invites")
    page.select_option("#role", "care_team")
    page.click("text=Create link")
    link = page.input_value("#new-link")
    assert "/join/" in link
    admin.check("invite-created")
    page.goto(tejido.url(tejido.home + "/members"))
    admin.check("members")
    page.goto(tejido.url("/account"))
    admin.check("account")
    page.goto(tejido.url(tejido.home + "/settings"))
    admin.check("settings")
    page.goto(tejido.url("/about"))
    admin.check("about")

    newcomer = visit(tejido)
    join = newcomer.page
    join.goto(link)
    newcomer.check("join")
    fill_new_account(join, "ximena")
    join.wait_for_url(COLLECTIVE_HOME)
    assert "Care team" in join.content()
    join.goto(tejido.url("/collectives"))
    newcomer.check("collectives")

    # The same link does not work twice.
    other = visit(tejido)
    other.page.goto(link)
    assert "cannot be used" in other.page.content()
    other.check("invite-used")


def test_quick_exit_button_with_javascript(tejido, visit, neutral_site):
    v = visit(tejido)
    v.sign_in()
    page = v.page
    page.wait_for_url(COLLECTIVE_HOME)
    page.click("#quick-exit")
    page.wait_for_url(neutral_site)
    assert "Local weather" in page.content()
    # location.replace swaps out the page being read: Back does not return to it. (Earlier
    # entries stay in history; the about page tells people to use a private window.)
    page.go_back()
    assert not page.url.endswith(tejido.home)
    # And the session is over on the server.
    page.goto(tejido.url("/account"))
    assert "/login" in page.url


def test_quick_exit_by_pressing_shift_three_times(tejido, visit, neutral_site):
    v = visit(tejido)
    v.sign_in()
    page = v.page
    page.wait_for_url(COLLECTIVE_HOME)
    page.keyboard.press("Shift")
    assert "Press it 2 more times" in page.inner_text("#quick-exit-status")
    page.keyboard.press("Shift")
    assert "once more" in page.inner_text("#quick-exit-status")
    page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    page.goto(tejido.url("/account"))
    assert "/login" in page.url


def test_quick_exit_without_javascript(tejido, visit, neutral_site):
    v = visit(tejido, javascript=False)
    v.sign_in()
    page = v.page
    page.wait_for_url(COLLECTIVE_HOME)
    v.check("collective-home-no-js")
    page.click("#quick-exit")
    page.wait_for_url(neutral_site)
    page.goto(tejido.url("/account"))
    assert "/login" in page.url


def test_everything_works_without_javascript(tejido, visit):
    v = visit(tejido, javascript=False)
    v.sign_in()
    page = v.page
    page.wait_for_url(COLLECTIVE_HOME)
    page.goto(tejido.url(tejido.home + "/invites"))
    page.click("text=Create link")
    assert "/join/" in page.input_value("#new-link")
    page.goto(tejido.url("/account"))
    page.check("#neutral_titles")
    page.click("text=Save preferences")
    assert page.title() == "Notes"
    page.click("footer button[value=es]")
    assert "Tu cuenta" in page.content()
    v.check("account-no-js-spanish")
    page.click("nav button")
    assert "/login" in page.url


def test_spanish(tejido, visit):
    v = visit(tejido, locale="es-ES")
    page = v.goto("/login")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Salir de esta página" in page.content()
    v.check("login-es")
    v.sign_in()
    page.wait_for_url(COLLECTIVE_HOME)
    v.check("collective-home-es")
    page.goto(tejido.url(tejido.home + "/invites"))
    page.fill("#days", "99")
    page.click("form.stack button[type=submit]")
    assert "Elige un número de días de 1 a 30." in page.content()
    v.check("invites-error-es")
    page.goto(tejido.url("/about"))
    assert "Tejiendo Libertad" in page.content()
    v.check("about-es")
    # Switch to English from the footer.
    page.click("footer button[value=en]")
    assert "About Tejido" in page.content()


def test_cannot_reach_another_collective(tejido, visit):
    v = visit(tejido)
    v.sign_in()
    page = v.page
    page.wait_for_url(COLLECTIVE_HOME)
    response = page.goto(tejido.url("/c/some-other-collective/members"))
    assert response.status == 404
    v.check("not-found")
