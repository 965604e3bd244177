"""Editors never lose work: leaving a changed admin form asks first."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.support.browser import session_cookie
from treatments.models import TreatmentArea

pytestmark = pytest.mark.django_db

SCRIPT = (Path(settings.BASE_DIR) / "static" / "js" / "admin-unsaved.js").read_text()


@pytest.mark.parametrize(
    "path",
    [
        "treatments/treatmentarea",
        "treatments/benefit",
        "treatments/risk",
        "treatments/faq",
        "treatments/milestone",
        "pages/pagetext",
        "pages/clinicdetails",
    ],
)
def test_every_content_change_form_loads_the_script_as_a_file(admin_client, path):
    html = admin_client.get(f"/admin/{path}/add/").content.decode()
    assert '<script src="/static/js/admin-unsaved.js"></script>' in html


def test_the_script_asks_before_leaving_and_not_after_saving():
    assert 'addEventListener("beforeunload"' in SCRIPT and "event.preventDefault()" in SCRIPT
    assert 'addEventListener("submit"' in SCRIPT and 'addEventListener("input"' in SCRIPT


def test_the_admin_keeps_the_no_inline_script_policy(admin_client, area):
    response = admin_client.get(f"/admin/treatments/treatmentarea/{area.pk}/change/")
    directive = next(d for d in response["Content-Security-Policy"].split(";") if "script-src" in d)
    assert directive.split()[1:] == ["'self'"]


@pytest.mark.browser
def test_leaving_a_changed_form_asks_and_saving_does_not(in_chromium, live_site, admin_user):
    area = TreatmentArea.objects.get(slug="hair-loss")

    def edit(page):
        dialogs = []

        def answer(dialog):
            dialogs.append(dialog.type)
            dialog.dismiss()  # "stay on this page"

        page.on("dialog", answer)
        page.goto(f"{live_site}/admin/treatments/treatmentarea/{area.pk}/change/")
        page.locator("#id_summary").click()
        page.keyboard.press("End")
        page.keyboard.type(" Edited.")
        page.locator("#site-name a").click(no_wait_after=True)
        page.wait_for_timeout(500)
        leaving = {"dialogs": list(dialogs), "url": page.url, "summary": page.locator("#id_summary").input_value()}
        page.locator("input[name=_continue]").first.click()  # the one at the top of the form
        page.wait_for_load_state()
        return leaving, dialogs

    leaving, dialogs = in_chromium(edit, cookies=[session_cookie(admin_user, live_site)])
    assert leaving["dialogs"] == ["beforeunload"] and leaving["url"].endswith("/change/")
    assert leaving["summary"].endswith(" Edited.")  # the work is still there
    assert dialogs == ["beforeunload"]  # saving left without asking
    area.refresh_from_db()
    assert area.summary.endswith(" Edited.")
