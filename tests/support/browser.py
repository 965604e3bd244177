"""Steps and checks the browser tests share: axe-core's WCAG 2.2 AA check, heading levels, an
enquiry sent as a patient sends it, and a signed-in staff member's session cookie for Chromium."""

from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105 - throwaway test users

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Deque's best practices too (one main landmark, heading order, ...): Lighthouse scores them.
AXE_TAGS = [*WCAG_22_AA, "best-practice"]
AXE = Axe()


def axe_violations(page):
    """axe-core's WCAG 2.2 AA (and best-practice) violations on the page as it is now, as readable lines."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return results.generate_report() if results.violations_count else ""


def assert_accessible(page):
    report = axe_violations(page)
    assert not report, f"{page.url}\n{report}"


def heading_levels(page):
    return page.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "hs => hs.map(h => Number(h.tagName[1]))")


def fill_in_and_send_enquiry(page, *, name, email, question, age="I am 18 or over"):
    """Fill in the open enquiry form as a patient does, agree to the privacy notice, answer the age
    question with `age` (its label) and send it."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Your question").fill(question)
    page.get_by_label("I agree to the privacy notice").check()
    page.get_by_label(age).check()
    page.get_by_role("button", name="Send your question").click()


def send_enquiry(page, site, email):
    page.goto(f"{site}/enquire/?treatment=pain-management")
    fill_in_and_send_enquiry(page, name="Pat Handler-Test", email=email, question="Could this help with my knee pain?")
    page.wait_for_url(f"{site}/enquire/thanks/")


def session_cookie(user, base_url):
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


def make_staff(username, group_name):
    user = User.objects.create_user(username, f"{username}@clinic.example", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def log_in(page, base_url, user):
    """Sign in through the admin's own login form, as staff do."""
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/admin/")


def submit_for_review(staff):
    """Press "Save and submit for clinical review" on the open change form, and see it queued."""
    staff.get_by_role("button", name="Save and submit for clinical review").first.click()
    expect(staff.locator(".messagelist .success")).to_contain_text("waiting for clinical sign-off")


def assert_preview_shows(staff, heading):
    """Open the change form's preview (a new tab): marked as not yet approved, showing `heading`."""
    with staff.expect_popup() as opened:
        staff.get_by_role("link", name="Preview the page as patients would see it").first.click()
    preview = opened.value
    expect(preview.get_by_role("status")).to_contain_text("Preview, not yet approved")
    expect(preview.get_by_role("heading", name=heading)).to_be_visible()
    preview.close()
