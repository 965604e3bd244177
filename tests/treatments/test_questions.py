"""Questions to ask at the consultation: clinical content of each area page, approved like the rest, printable
on one sheet."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from signoff import selectors, services
from signoff.status import standing
from tests.support.publishing import publish
from treatments.models import Question, TreatmentArea
from treatments.page_kinds import AREA

pytestmark = pytest.mark.django_db

PAGE = "/treatments/hair-loss/"


def questions_section(client):
    html = client.get(PAGE).content.decode()
    match = re.search(r'<section aria-labelledby="questions" class="questions">.*?</section>', html, re.S)
    return match.group() if match else ""


def test_the_area_page_shows_its_approved_questions(client, area, django_capture_on_commit_callbacks):
    Question.objects.create(area=area, question="Who will inject me?", why="Ask for their registration.")
    assert questions_section(client) == ""  # not approved yet: patients see the approved page
    with django_capture_on_commit_callbacks(execute=True):
        publish(AREA, area.pk)
    section = questions_section(client)
    assert '<h2 id="questions">Questions to ask at your consultation</h2>' in section
    assert "<li><b>Who will inject me?</b> Ask for their registration.</li>" in section
    assert '<a href="#questions">Questions to ask</a>' in client.get(PAGE).content.decode()


def test_a_question_is_part_of_the_page_the_reviewer_signs_off(area):
    Question.objects.create(area=area, question="What is in the mix?")
    page = services.page_record(AREA, area.pk)
    assert standing(page).work == "Changed since it was approved: not yet submitted."
    assert "What is in the mix?" in selectors.working(page).texts()


def test_the_shipped_questions_are_on_every_area_page(client, real_content):
    for area in TreatmentArea.objects.all():
        questions = list(area.questions.values_list("question", flat=True))
        assert "Is any of it used off-label?" in questions and len(questions) >= 8
        html = client.get(area.get_absolute_url()).content.decode()
        assert 'id="questions"' in html and "Is any of it used off-label?" in html
    assert "Should my GP check the cause of my hair loss first?" in client.get(PAGE).content.decode()


PRINT_CSS = (Path(settings.BASE_DIR) / "static" / "css" / "print.css").read_text()


def test_the_questions_print_on_a_sheet_of_their_own_never_split():
    rule = re.search(r"\.questions \{([^}]*)\}", PRINT_CSS).group(1)
    assert "break-before: page" in rule and "break-inside: avoid" in rule
    assert ".print-questions-only" in PRINT_CSS
