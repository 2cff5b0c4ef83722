"""Issue 17: the agreement kept alive, a reflection after a case ends, and the page for people
who are worried about someone — in a real browser, with and without JavaScript, in Spanish."""
import datetime

from conftest import COLLECTIVE_HOME
from test_cases import CASE, adopt_protocol, add_to_case, join
from test_protocol import invite_member


def test_review_day_acknowledgement_counts_and_a_newcomer(tejido, visit):
    admin = visit(tejido)
    page = admin.sign_in()
    page.wait_for_url(COLLECTIVE_HOME)
    adopt_protocol(admin, tejido)
    link = invite_member(admin, tejido, "ximena")

    # The admin sets the review day: a past day first, refused beside the field and kept.
    page.goto(tejido.url(tejido.home + "/protocol/agreement"))
    assert page.input_value("#review_on") != "", "a day is offered"
    page.fill("#review_on", "2001-01-01")
    page.click("text=Save the review day")
    assert "Choose a day from tomorrow onwards" in page.content()
    assert page.input_value("#review_on") == "2001-01-01"
    admin.check("agreement-review-error")
    day = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    page.fill("#review_on", day)
    page.click("text=Save the review day")
    assert "The collective will review this agreement on" in page.content()
    admin.check("agreement-review")

    # Someone who joins after the adoption is welcomed and asked first thing.
    ximena = join(visit, tejido, link, "ximena")
    assert "adopted its co-existence agreement before you joined" in ximena.page.content()
    ximena.page.goto(tejido.url(tejido.home + "/needs-me"))
    assert "before you joined" in ximena.page.content()
    ximena.check("needs-me-agreement")
    ximena.page.click("text=Read the agreement")
    ximena.page.click("text=I have read it and I commit to it")
    assert "name=\"review_on\"" not in ximena.page.content(), "members read the day, they do not set it"

    # The admin sees numbers only.
    page.goto(tejido.url(tejido.home + "/protocol/acknowledgements"))
    assert "1 of 2 members" in page.content()
    assert "ximena" not in page.content()
    admin.check("acknowledgements-numbers")


def test_a_reflection_after_the_case_ends(tejido, visit):
    admin = visit(tejido)
    admin.sign_in().wait_for_url(COLLECTIVE_HOME)
    adopt_protocol(admin, tejido)
    sofi = join(visit, tejido, invite_member(admin, tejido, "sofi"), "sofi")
    cora = join(visit, tejido, invite_member(admin, tejido, "cora", role="care_team"), "cora")
    page = sofi.page
    page.goto(tejido.url(tejido.home + "/cases/new"))
    page.fill("#narrative", "What happened at the gathering")
    page.click("text=Open the case")
    page.wait_for_url(CASE)
    case_url = page.url
    add_to_case(page, case_url, "cora", "facilitator")
    page.goto(case_url)
    assert "How did it go for you?" not in page.content()

    cora.page.goto(case_url)
    cora.page.select_option("#stage_stage", "closed")
    cora.page.fill("#stage_reason", "The plan is complete")
    cora.page.click("button:has-text('Move the case')")
    assert "Closed" in cora.page.locator("h1").inner_text()

    page.goto(case_url)
    page.click("text=How did it go for you?")
    # Nothing chosen: each question says so, and the box ticked stays ticked.
    page.check("#change_more_time")
    page.click("text=Send my reflection")
    assert "Choose one answer" in page.content()
    assert page.is_checked("#change_more_time")
    sofi.check("reflection-error")
    page.check("#heard-partly")
    page.check("#clear-yes")
    page.click("text=Send my reflection")
    assert "Your reflection is in" in page.content()
    sofi.check("reflection-given")

    # The care team sees counts, and with one reflection nothing can be shown.
    cora.page.goto(tejido.url(tejido.home + "/reflections"))
    assert "Too few reflections" in cora.page.content()
    cora.check("reflections-counts")
    assert admin.page.goto(tejido.url(tejido.home + "/reflections")).status == 403


def test_the_worried_page_stores_nothing(tejido, visit):
    slug = tejido.home.rsplit("/", 1)[-1]
    for javascript in (True, False):
        visitor = visit(tejido, javascript=javascript)
        page = visitor.goto("/worried/" + slug)
        assert "Someone you care about was harmed" in page.content()
        assert "You are worried you caused harm" in page.content()
        visitor.check("worried" + ("" if javascript else "-no-js"))
        page.click("text=Español")
        assert "¿Te preocupa alguien?" in page.content()
        assert page.locator("html").get_attribute("lang") == "es"
        visitor.check("preocupa" + ("" if javascript else "-no-js"))
        assert visitor.context.cookies() == [], "no cookie is set"
        # The home page leads here.
        page = visitor.goto("/")
        page.click("text=Worried about someone?")
        assert "Someone you care about was harmed" in page.content()
