"""The claims checker's rules: each flags its phrase and stays quiet on honest wording."""

import pytest

from editorial import claims
from tests.support.claims import rule_ids

RULES = claims.rules()


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_each_rule_flags_its_sample_phrase(rule):
    findings = [finding for finding in claims.check_text(rule.flags) if finding.rule.id == rule.id]
    assert findings, f"{rule.id} did not flag {rule.flags!r}"
    assert findings[0].reason == rule.reason and findings[0].phrase.lower() in rule.flags.lower()


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_each_rule_stays_quiet_on_its_safe_sentence(rule):
    assert rule_ids(rule.passes) == [], f"{rule.passes!r} should pass every rule"


def test_the_rules_cover_every_category_the_issue_names():
    assert {rule.category for rule in RULES} == {
        "absolute", "reassurance", "fat-weight", "medicine", "endorsement", "pressure", "under-18", "evidence",
    }  # fmt: skip


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
        # Issue 11: the wider checker.
        ("We offer Botox too.", "prescription-medicine"),
        ("Botulinum toxin relaxes the muscles.", "prescription-medicine"),
        ("Azzalure, Bocouture, Dysport or Xeomin.", "prescription-medicine"),
        ("Finasteride (Propecia) tablets.", "prescription-medicine"),
        ("Dutasteride, sold as Avodart.", "prescription-medicine"),
        ("Hyaluronidase can dissolve filler.", "prescription-medicine"),
        ("A natural substance that helps skin hold water.", "natural"),
        ("Our mix is all-natural.", "natural"),
        ("Naturally occurring vitamins.", "natural"),
        ("Mesotherapy is safe.", "safe"),
        ("A safe and effective treatment.", "safe"),
        ("Quick, safe and painless.", "painless"),
        ("It doesn't hurt.", "painless"),
        ("No downtime.", "no-downtime"),
        ("A lunchtime treatment.", "no-downtime"),
        ("See our before and after photos.", "before-and-after"),
        ("Our before-and-after gallery.", "before-and-after"),
        ("Read our testimonials.", "testimonial"),
        ("What our patients say.", "testimonial"),
        ("Rated 5 stars on Google.", "star-rating"),
        ("\u2605\u2605\u2605\u2605\u2605", "star-rating"),
        ("A five-star clinic.", "star-rating"),
        ("Clinically proven.", "proven"),
        ("Proven to regrow hair.", "proven"),
        ("Backed by science.", "proven"),
        ("Long-lasting results.", "permanent"),
        ("It eliminates wrinkles.", "eliminate"),
        ("Erase fine lines.", "eliminate"),
        ("Lipolysis injections.", "fat-loss"),
        ("Aqualyx fat dissolving.", "fat-loss"),
        ("Body contouring.", "body-contouring"),
        ("Inch loss in weeks.", "weight-loss"),
        ("Double chin reduction.", "body-contouring"),
        ("Sculpt your jawline.", "body-contouring"),
        ("Shift those love handles.", "body-contouring"),
        ("Early research is promising.", "promising"),
    ],
)
def test_the_phrases_the_issue_names_are_flagged(text, rule):
    assert rule in rule_ids(text)


@pytest.mark.parametrize(
    "text",
    [
        # Honest sentences that share a word with a rule (its near misses).
        "The research is not promising.",
        "The research so far is less promising.",
        "Early studies are far from promising.",
        "We promise to reply within two working days.",
        "No treatment is completely safe.",
        "Is it safe?",
        "How safe is it?",
        "We keep your details safe.",
        "It is safe to wash your hair after 24 hours.",
        "We make it as safe as we can.",
        "It is not known whether it is safe in pregnancy.",
        "There is little evidence that it is safe.",
        "Its safety for removing fat has not been shown.",
        "There is no standard mix, and experts question how safe and effective it is.",
        "There is some concern about whether it is safe.",
        "It is natural to feel nervous.",
        "Your body makes hyaluronic acid. The kind we inject is made in a lab.",
        "Hair naturally thins with age.",
        "The mix often has hyaluronic acid.",
        "Some mixes contain a prescription medicine.",
        "The injections are not painless.",
        "No injection is completely painless.",
        "Does it hurt?",
        "Plan for some downtime.",
        "Is there any downtime?",
        "Avoid alcohol for a day before and after each session.",
        "We take photos before and after your course, to compare.",
        "A clinician reviews each page. Page last reviewed: 1 November 2026.",
        "Five things to ask at your consultation.",
        "It has been shown to reduce shedding in one small trial [1].",
        "Clinically proven to reduce shedding in one small trial [1].",
        "It is clinically proven [2, 3].",
        "It has not been proven to work.",
        "Has it been proven to work?",
        "Are the results permanent?",
        "Any change is not long-lasting.",
        "There is little evidence that results are permanent.",
        "It will not eliminate wrinkles.",
        "Your body eliminates the mix within days.",
        "Your GP may want to eliminate other causes first.",
        "We do not offer fat dissolving or lipolysis.",
        "Some clinics try to change body shape. We do not.",
        "The skin under your chin may bruise.",
        "We do not treat a double chin.",
    ],
)
def test_honest_near_misses_pass(text):
    assert rule_ids(text) == []


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # Honest-looking words nearby that must not hide the claim.
        ("Don't worry, it's painless.", "painless"),
        ("Don't worry it is painless.", "painless"),
        ("No need to worry: results are permanent.", "permanent"),
        ("A little research shows it is safe.", "safe"),
        ("Why wait for permanent results?", "permanent"),
        ("We do not use Botox.", "prescription-medicine"),  # naming it is the problem, even in a "no"
        ("Is this the same as Botox?", "prescription-medicine"),
        ("Clinically proven to reduce shedding.", "proven"),
        ("[1] Clinically proven to reduce shedding.", "proven"),  # the marker cites the claim before it
        ("Clinically proven. Read more in [1].", "proven"),
        ("You can safely have it while breastfeeding.", "safe"),
        ("Hyaluronic acid is a natural substance.", "natural"),
        ("100% natural results.", "natural"),
    ],
)
def test_a_claim_is_flagged_whatever_honest_words_stand_near_it(text, rule):
    assert rule in rule_ids(text)


def test_a_claim_inside_a_more_specific_one_is_flagged_once():
    assert rule_ids("It eliminates cellulite.") == ["cellulite"]
    assert rule_ids("Melt away stubborn fat.") == ["burn-fat"]


def test_the_medicines_list_is_kept_in_the_rules_file():
    (rule,) = [rule for rule in RULES if rule.id == "prescription-medicine"]
    for name in ("botulinum toxin", "Botox", "Azzalure", "Bocouture", "Dysport", "Xeomin", "finasteride", "Propecia"):
        assert name in rule.terms
    assert {"dutasteride", "Avodart", "hyaluronidase"} <= set(rule.terms)
    assert rule_ids("RETIN-A cream") == ["prescription-medicine"] and rule_ids("Retin A cream") == rule_ids("Retin-A")


def test_a_cited_claim_is_documented_for_editors():
    (rule,) = [rule for rule in RULES if rule.id == "proven"]
    assert "square brackets" in rule.reason and "[1]" in rule.reason


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
    bad.write_text(RULES_FILE.replace("pattern: '%s'", "terms: [a], pattern: '%s'") % ("absolute", "a"))
    with pytest.raises(claims.RulesError, match="a pattern or a list of terms, not both"):
        claims.rules(bad)
    bad.write_text(RULES_FILE.replace("pattern: '%s'", "pattern: a, quiet_after: '('") % "absolute")
    with pytest.raises(claims.RulesError, match="quiet_after is not a valid regular expression"):
        claims.rules(bad)
