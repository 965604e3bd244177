"""The claims checker: each rule flags its phrase and stays quiet on honest wording; editors see it while editing."""

import pytest
from django.contrib.messages import get_messages

from editorial import claims
from pages.models import ClinicDetails, PageText
from tests.forms import area_form, object_form
from treatments.models import Benefit, Faq, Milestone, Risk, TreatmentArea

RULES = claims.rules()


def rule_ids(text):
    return [finding.rule.id for finding in claims.check_text(text)]


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_each_rule_flags_its_sample_phrase(rule):
    findings = [finding for finding in claims.check_text(rule.flags) if finding.rule.id == rule.id]
    assert findings, f"{rule.id} did not flag {rule.flags!r}"
    assert findings[0].reason == rule.reason and findings[0].phrase.lower() in rule.flags.lower()


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_each_rule_stays_quiet_on_its_safe_sentence(rule):
    assert rule_ids(rule.passes) == [], f"{rule.passes!r} should pass every rule"


def test_the_rules_cover_every_category_the_issue_names():
    assert {rule.category for rule in RULES} == {"absolute", "fat-weight", "pressure", "under-18", "evidence"}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Guaranteed results.", "guaranteed"),
        ("The change is permanent.", "permanent"),
        ("100% natural results.", "hundred-percent"),
        ("It can cure back pain.", "cure"),
        ("There are no side effects at all.", "no-side-effects"),
        ("A risk-free treatment.", "risk-free"),
        ("Quick and painless.", "painless"),
        ("Fat dissolving injections.", "fat-loss"),
        ("It helps with weight loss.", "weight-loss"),
        ("Limited time only.", "limited-time"),
        ("Book now before the offer ends.", "book-now"),
        ("A treat for teenagers.", "teens"),
    ],
)
def test_the_phrases_the_issue_names_are_flagged(text, rule):
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        "We cannot promise results.",
        "No treatment is risk-free.",
        "It is not a cure.",
        "Results are not permanent.",
        "We do not offer it for fat loss or weight loss.",
        "It does not stop hair loss for good.",
        "We will not treat anyone under 18.",
    ],
)
def test_honest_negative_sentences_pass(text):
    assert rule_ids(text) == []


def test_a_negation_in_an_earlier_clause_does_not_hide_a_claim():
    assert "permanent" in rule_ids("It is not painful, and the results are permanent.")
    assert "permanent" in rule_ids("We do not rush you. Results are permanent.")


def test_pressure_and_school_rules_ignore_negation_where_it_would_hide_the_pressure():
    assert "limited-time" in rule_ids("Don't miss out: limited time only.")
    assert "school" in rule_ids("Not just for prom night.")


def test_markdown_is_checked_as_the_patient_reads_it():
    assert rule_ids("**Guaranteed** results") == ["guaranteed"]
    assert rule_ids("- are under 18\n- want permanent results") == ["permanent"]
    assert rule_ids("[read more](https://example.com/permanent-results)") == []  # an address, not a claim


def test_a_finding_names_the_phrase_and_reason_once():
    findings = claims.check_text("Guaranteed. Really guaranteed.")
    assert len(findings) == 1
    assert findings[0].phrase == "Guaranteed" and "guarantee" in findings[0].reason


RULES_FILE = """
categories: {absolute: Absolute promise}
rules:
  - {id: x, category: %s, pattern: '%s', reason: r, flags: f, passes: p}
"""


def test_the_rules_file_is_checked(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text(RULES_FILE % ("absolute", "("))
    with pytest.raises(claims.RulesError, match="not a valid regular expression"):
        claims.rules(bad)
    bad.write_text(RULES_FILE % ("other", "a"))
    with pytest.raises(claims.RulesError, match="category must be one of"):
        claims.rules(bad)


# --- The shipped content passes its own checker ------------------------------------------


def test_the_shipped_content_has_no_findings(shipped_content):
    found = [
        f"{model.__name__} {obj}: {field.name}: {finding}"
        for model in (TreatmentArea, Benefit, Risk, Faq, Milestone, PageText, ClinicDetails)
        for obj in model.objects.all()
        for field, finding in claims.check_instance(obj)
    ]
    assert TreatmentArea.objects.count() == 3 and PageText.objects.count() > 10
    assert found == []


def test_every_shipped_benefit_has_an_evidence_level(shipped_content):
    assert Benefit.objects.count() > 0
    assert not Benefit.objects.filter(evidence_level="").exists()


# --- Where editors see it -----------------------------------------------------------------


def test_the_live_preview_shows_the_findings_under_the_rendered_text(admin_client):
    response = admin_client.post("/markdownx/markdownify/", {"content": "**Guaranteed results** for everyone."})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Guaranteed results</strong>" in html
    assert '<div class="claims-warnings"' in html and "&ldquo;Guaranteed&rdquo;" in html
    assert "Nobody can guarantee" in html


def test_the_live_preview_has_no_warnings_box_for_honest_text(admin_client):
    html = admin_client.post("/markdownx/markdownify/", {"content": "We cannot promise results."}).content.decode()
    assert "claims-warnings" not in html and "Reading age" in html


def test_the_live_preview_still_answers_staff_only(client):
    assert client.post("/markdownx/markdownify/", {"content": "Guaranteed"}).status_code == 403


def benefit_form(benefit, **changes):
    return object_form(benefit, ["area", "title", "body", "evidence_level", "sources", "order"], **changes)


def warnings_after(response):
    return [str(message) for message in get_messages(response.wsgi_request) if message.level_tag == "warning"]


def test_saving_a_benefit_with_a_flagged_phrase_warns_but_saves(admin_client, area):
    benefit = area.benefits.get()
    response = admin_client.post(
        f"/admin/treatments/benefit/{benefit.pk}/change/", benefit_form(benefit, body="Guaranteed results.")
    )
    assert response.status_code == 302
    benefit.refresh_from_db()
    assert benefit.body == "Guaranteed results."  # a warning, not a refusal
    (warning,) = warnings_after(response)
    assert 'benefit "May slow shedding", body: "Guaranteed"' in warning and "Nobody can guarantee" in warning


def test_saving_honest_content_gives_no_warning(admin_client, area):
    benefit = area.benefits.get()
    response = admin_client.post(f"/admin/treatments/benefit/{benefit.pk}/change/", benefit_form(benefit))
    assert response.status_code == 302 and warnings_after(response) == []


def test_the_area_form_warns_about_its_own_fields_and_its_inlines(admin_client, area):
    response = admin_client.post(
        f"/admin/treatments/treatmentarea/{area.pk}/change/",
        area_form(area, summary="A painless, permanent fix.", **{"risks-0-body": "Risk-free for most."}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    warnings = " ".join(warnings_after(response))
    assert '"painless"' in warnings and '"permanent"' in warnings and "summary" in warnings
    assert 'risk "Scalp tenderness", body: "Risk-free"' in warnings


def test_the_rules_page_lists_every_rule_for_staff(admin_client):
    html = admin_client.get("/admin/claims-rules/").content.decode()
    for rule in RULES:
        assert rule.id in html and rule.category_label in html
    assert "we cannot promise results" in html


def test_the_rules_page_is_staff_only(client):
    response = client.get("/admin/claims-rules/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_area_change_form_links_to_the_rules(admin_client, area):
    html = admin_client.get(f"/admin/treatments/treatmentarea/{area.pk}/change/").content.decode()
    assert 'href="/admin/claims-rules/"' in html
