"""The enquiry form a patient sees: fields, validation messages, preselection, and no 500 for any input."""

import pytest

from enquiries.models import Enquiry
from pages.models import PageText
from tests.support.enquiries import post, valid_data
from tests.support.publishing import publish
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db


def test_form_has_every_contract_field_with_a_visible_label(client, area):
    response = client.get("/enquire/")
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("name", "email", "phone", "treatment", "message", "preferred_contact", "consent", "over_18"):
        assert f'name="{name}"' in html, name
    for field_id in ("id_name", "id_email", "id_phone", "id_message", "id_consent", "id_over_18_0", "id_over_18_1"):
        assert f'<label class="form-label" for="{field_id}">' in html or f'<label for="{field_id}">' in html, field_id
    assert "<legend" in html and "How should we contact you?" in html
    assert 'autocomplete="name"' in html and 'autocomplete="email"' in html and 'autocomplete="tel"' in html
    assert 'href="/privacy/"' in html


def test_form_page_shows_the_clinic_details_and_editable_intro(client, area, clinic):
    PageText.objects.create(page="enquire", key="intro", title="Ask us anything", body="We reply in **two** days.")
    html = client.get("/enquire/").content.decode()
    assert "Ask us anything" in html and "<strong>two</strong>" in html
    assert "020 7946 0000" in html and "1 High Street" in html
    assert "/static/css/forms.css" in html


def test_honeypot_is_hidden_from_people_and_not_a_contract_field(client, area):
    html = client.get("/enquire/").content.decode()
    assert '<div class="form-extra" aria-hidden="true">' in html
    assert 'name="website"' in html
    field = html[html.index('name="website"') - 200 : html.index('name="website"') + 200]
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field


def test_query_string_preselects_a_published_area(client, area):
    html = client.get("/enquire/?treatment=hair-loss").content.decode()
    assert 'value="hair-loss" id="id_treatment_0" checked' in html or (
        'value="hair-loss"' in html and "checked" in html.split('value="hair-loss"')[1].split(">")[0]
    )


def checked_value(html):
    """The value of the treatment radio that is checked."""
    inputs = [tag.split(">")[0] for tag in html.split("<input")[1:]]
    radio = next(tag for tag in inputs if 'name="treatment"' in tag and "checked" in tag)
    return radio.split('value="')[1].split('"')[0]


def test_each_visitor_sees_the_area_they_asked_about_when_blank_forms_are_reused(client, area):
    assert checked_value(client.get("/enquire/?treatment=hair-loss").content.decode()) == "hair-loss"
    assert checked_value(client.get("/enquire/").content.decode()) == ""
    assert checked_value(client.get("/enquire/?treatment=hair-loss").content.decode()) == "hair-loss"


def test_a_renamed_area_shows_on_the_blank_form_at_once(client, area, django_capture_on_commit_callbacks):
    assert "Hair loss" in client.get("/enquire/").content.decode()
    area.name = "Thinning hair"
    area.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish(AREA, area.pk)
    html = client.get("/enquire/").content.decode()
    assert "Thinning hair" in html and ">Hair loss<" not in html


def test_what_one_patient_typed_never_reaches_the_next_blank_form(client, area):
    response = post(client, name="Ada Lovelace-Patient", email="not-an-email")
    assert "Ada Lovelace-Patient" in response.content.decode()
    html = client.get("/enquire/").content.decode()
    assert "Ada Lovelace-Patient" not in html and "not-an-email" not in html
    assert "form-group-error" not in html


@pytest.mark.parametrize("slug", ["draft-area", "no-such-area", "%00", "x" * 5000, "<script>"])
def test_unknown_or_unpublished_slug_is_ignored(client, area, draft_area, slug):
    response = client.get(f"/enquire/?treatment={slug}")
    assert response.status_code == 200
    html = response.content.decode()
    not_sure = html.split('value=""')[1].split(">")[0]
    assert "checked" in not_sure
    assert "Draft area" not in html


def test_valid_enquiry_redirects_to_the_thanks_page(client, area):
    PageText.objects.create(page="thanks", key="intro", title="Thank you. We have your message", body="We reply soon.")
    response = post(client)
    assert response.status_code == 302 and response["Location"] == "/enquire/thanks/"
    thanks = client.get("/enquire/thanks/")
    assert thanks.status_code == 200
    html = thanks.content.decode()
    assert "Thank you. We have your message" in html and "We reply soon." in html
    enquiry = Enquiry.objects.get()
    assert (enquiry.name, enquiry.email, enquiry.treatment, enquiry.status) == (
        "Ada Patient",
        "ada@example.com",
        area,
        Enquiry.Status.NEW,
    )
    assert enquiry.consent_given_at is not None


def test_not_sure_is_stored_as_no_area(client, area):
    post(client, treatment="")
    assert Enquiry.objects.get().treatment is None


def test_errors_show_in_a_summary_linked_to_each_field_and_next_to_it(client, area):
    response = post(client, name="", email="not-an-email", message="", consent=None)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error:" in html
    assert "There is a problem" in html and 'role="alert"' in html
    for anchor, message in [
        ("id_name", "Enter your name"),
        ("id_email", "Enter an email address in the correct format, like name@example.com"),
        ("id_message", "Enter your question"),
        ("id_consent", "Tick the box to agree to the privacy notice"),
    ]:
        assert f'<a href="#{anchor}">{message}' in html, anchor
        assert f'<p class="form-error" id="{anchor}_error">' in html, anchor
    name_input = html.split('id="id_name"')[0].rsplit("<input", 1)[1] + html.split('id="id_name"')[1].split(">")[0]
    assert 'aria-invalid="true"' in name_input and "id_name_error" in name_input
    assert Enquiry.objects.count() == 0


def test_typed_values_are_kept_after_an_error(client, area):
    html = post(client, email="", name="Zoë O’Brien", message="Line one\nLine two").content.decode()
    assert 'value="Zoë O’Brien"' in html
    assert "Line one\nLine two</textarea>" in html
    assert "Enter your email address" in html


def test_phone_is_required_when_the_patient_asks_to_be_phoned(client, area):
    html = post(client, preferred_contact="phone", phone="").content.decode()
    assert "Enter a phone number, or choose email as the way we contact you" in html
    assert Enquiry.objects.count() == 0
    assert post(client, preferred_contact="phone", phone="+44 7700 900982").status_code == 302
    assert Enquiry.objects.get().phone == "+44 7700 900982"


@pytest.mark.parametrize("phone", ["call me", "123", "0" * 20, "+44 (0) 7700 900982 ext"])
def test_a_phone_number_that_is_not_one_is_refused(client, area, phone):
    html = post(client, phone=phone).content.decode()
    assert "Enter a phone number, like 01632 960 001" in html
    assert Enquiry.objects.count() == 0


def test_length_limits_have_patient_friendly_messages(client, area):
    html = post(client, name="a" * 101, message="m" * 3001).content.decode()
    assert "Your name must be 100 characters or fewer" in html
    assert "Your question must be 3,000 characters or fewer" in html
    assert Enquiry.objects.count() == 0


def test_unknown_treatment_on_post_is_an_error_not_a_500(client, area, draft_area):
    for slug in ("draft-area", "nonsense"):
        html = post(client, treatment=slug).content.decode()
        assert "Choose a treatment from the list, or ‘Not sure’" in html
    assert Enquiry.objects.count() == 0


def test_preferred_contact_must_be_email_or_phone(client, area):
    html = post(client, preferred_contact="pigeon").content.decode()
    assert "Choose how you would like us to contact you" in html


def test_nul_bytes_and_control_characters_are_removed_not_a_500(client, area):
    response = post(client, name="Ada\x00 Pat\x07ient", message="Hello\x00 there\r\nsecond\x1b line", phone="\x00")
    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.name == "Ada Patient"
    assert enquiry.message == "Hello there\nsecond line"
    assert enquiry.phone == ""


def test_nul_in_email_and_choice_fields_gives_errors_not_a_500(client, area):
    response = post(client, email="\x00", treatment="\x00", preferred_contact="\x00")
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_unicode_is_stored_as_typed(client, area):
    post(client, name="Σοφία 李 👩‍⚕️", message="Ça va? Привет — שלום")
    enquiry = Enquiry.objects.get()
    assert enquiry.name == "Σοφία 李 👩‍⚕️" and enquiry.message == "Ça va? Привет — שלום"


def test_an_empty_post_shows_errors(client, area):
    response = client.post("/enquire/", {"over_18": "on"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_a_body_bigger_than_the_upload_limit_is_a_400_not_a_500(client, area, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post(client, message="x" * 20_000)
    assert response.status_code == 400
    assert "Sorry, we could not read what was sent" in response.content.decode()
    assert Enquiry.objects.count() == 0


def test_too_many_fields_is_a_400_not_a_500(client, area, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    response = client.post("/enquire/", {f"f{i}": "x" for i in range(100)})
    assert response.status_code == 400


def test_under_18_gets_a_kind_answer_and_nothing_is_stored(
    client, area, mailoutbox, django_capture_on_commit_callbacks
):
    PageText.objects.create(page="under18", key="intro", title="Sorry, we cannot help with this", body="Ask your GP.")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, over_18="no")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sorry, we cannot help with this" in html and "Ask your GP." in html
    assert "There is a problem" not in html
    assert Enquiry.objects.count() == 0
    assert callbacks == [] and mailoutbox == []


@pytest.mark.parametrize("answer", [{}, {"over_18": ""}])
def test_an_unanswered_age_question_is_a_mistake_to_correct_not_a_refusal(client, area, answer):
    """Only a deliberate "I am under 18" gets the under-18 answer: a box missed by an adult is an error."""
    html = client.post("/enquire/", {**valid_data(over_18=None), **answer}).content.decode()
    assert "There is a problem" in html and 'href="#id_over_18_0">Tell us if you are 18 or over' in html
    assert Enquiry.objects.count() == 0
    empty = client.post("/enquire/", {}).content.decode()
    assert "Enter your email address" in empty and "Tell us if you are 18 or over" in empty


def test_under_18_answer_comes_first_even_when_other_fields_are_wrong(client, area):
    response = client.post("/enquire/", {"name": "", "email": "bad", "over_18": "no"})
    assert response.status_code == 200
    assert "18 or over" in response.content.decode()
    assert Enquiry.objects.count() == 0


def test_responses_with_typed_health_details_are_not_cached(client, area):
    response = post(client, email="")
    assert "no-store" in response["Cache-Control"]
