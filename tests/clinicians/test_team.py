"""The team register: patients see who treats them and can check each registration; editors keep it up to date."""

import pytest

from clinicians.models import Clinician

pytestmark = pytest.mark.django_db


def test_the_team_page_lists_active_clinicians_with_a_link_to_their_regulators_register(client, clinic, clinician):
    Clinician.objects.create(
        name="Nurse Gone", role="Nurse", profession="Nurse", regulator="NMC", registration_number="1", active=False
    )
    Clinician.objects.create(
        name="Tom Nurse", role="Nurse prescriber", profession="Registered nurse", regulator="NMC",
        registration_number="12A3456E",
    )  # fmt: skip
    html = client.get("/about/team/").content.decode()
    assert "Dr Test" in html and "Tom Nurse" in html and "Nurse Gone" not in html
    assert "Registered with the General Medical Council (GMC), number 7000001." in html
    assert 'href="https://www.gmc-uk.org/registration-and-licensing/the-medical-register"' in html
    assert 'href="https://www.nmc.org.uk/registration/search-the-register/"' in html
    assert "Check Tom Nurse on the NMC register" in html


def test_the_shipped_team_is_loaded_and_linked_from_the_footer_and_the_safety_pages_advice(client, real_content):
    assert set(Clinician.objects.values_list("name", flat=True)) == {"Dr Sarah Okafor", "Tom Reid"}
    assert 'href="/about/team/"' in client.get("/").content.decode()
    safety = client.get("/about/safety/").content.decode()
    choosing = safety[safety.index('id="choosing"') :]
    assert 'href="/about/team/"' in choosing[: choosing.index("</p>", choosing.index("team page"))]


def test_a_photo_needs_a_description(clinician):
    from django.core.exceptions import ValidationError

    from tests.support.uploads import image_upload

    clinician.image = image_upload("portrait.jpg", size=(800, 1000))
    with pytest.raises(ValidationError) as error:
        clinician.full_clean()
    assert "image_alt" in error.value.message_dict


def test_editors_keep_the_register_but_only_an_administrator_links_a_staff_login(
    client, admin_client, editor_user, reviewer_user, clinician
):
    client.force_login(editor_user)
    form = {
        "name": "Dr Test", "role": "Clinical lead", "profession": "Doctor", "regulator": "GMC",
        "registration_number": "7000002", "bio": "", "image_alt": "", "active": "on", "order": 0,
        "user": editor_user.pk,
    }  # fmt: skip
    response = client.post(f"/admin/clinicians/clinician/{clinician.pk}/change/", form)
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert clinician.registration_number == "7000002" and clinician.user == reviewer_user  # the link is unchanged
    admin_client.post(f"/admin/clinicians/clinician/{clinician.pk}/change/", {**form, "user": ""})
    clinician.refresh_from_db()
    assert clinician.user is None


def test_renaming_a_clinician_in_the_admin_leaves_every_byline_as_they_approved_it(
    client, admin_client, area, clinician, django_capture_on_commit_callbacks
):
    """Who signed a page stays signed: the register shows the new name and number, the page the old."""
    assert "Dr Test</a>, Doctor (GMC 7000001)" in client.get("/treatments/hair-loss/").content.decode()
    form = {"name": "Thomas Reid-Smith", "role": "Nurse", "profession": "Registered nurse", "regulator": "NMC",
            "registration_number": "99Z9999Z", "bio": "", "order": 0, "active": "on"}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/clinicians/clinician/{clinician.pk}/change/", form)
    assert response.status_code == 302
    page = client.get("/treatments/hair-loss/").content.decode()
    assert "Dr Test</a>, Doctor (GMC 7000001)" in page and "Reid-Smith" not in page and "99Z9999Z" not in page
    team = client.get("/about/team/").content.decode()
    assert "Thomas Reid-Smith" in team and "99Z9999Z" in team
