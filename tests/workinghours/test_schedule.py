"""Time counted in opening hours: reading a day's hours, adding and subtracting working time (weekends,
bank holidays, the clocks changing), and the timetable in words for patients and search engines."""

import datetime
import zoneinfo

import pytest

from workinghours.schedule import NeverOpen, Schedule, clock_words, deadline_words, parse_day

LONDON = zoneinfo.ZoneInfo("Europe/London")
HOURS = datetime.timedelta(hours=1)
# Monday to Friday 9:00-18:00, Saturday 9:00-13:00, Sunday closed: the example clinic's week.
WEEK = (((540, 1080),),) * 5 + (((540, 780),), ())


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def schedule(holidays=()):
    return Schedule(WEEK, frozenset(datetime.date.fromisoformat(day) for day in holidays), LONDON)


@pytest.mark.parametrize(
    ("text", "periods"),
    [
        ("9:00-18:00", ((540, 1080),)),
        ("9-13, 14:00-17:30", ((540, 780), (840, 1050))),
        ("08.30 to 12.00", ((510, 720),)),
        ("0:00-24:00", ((0, 1440),)),
        ("", ()),
    ],
)
def test_a_days_hours_are_read_as_people_write_them(text, periods):
    assert parse_day(text) == periods


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("18:00-9:00", "closing time comes before the opening time"),
        ("9am till late", "is not opening hours"),
        ("9:75-10:00", "is not a time of day"),
        ("9:00-13:00, 12:00-17:00", "starts before the hours written before it end"),
    ],
)
def test_hours_that_make_no_sense_are_refused_with_a_reason(text, complaint):
    with pytest.raises(ValueError, match=complaint):
        parse_day(text)


def test_working_time_within_a_day_is_plain_time():
    assert schedule().add(at("2026-12-01 10:00"), 4 * HOURS) == at("2026-12-01 14:00")


def test_an_enquiry_after_closing_starts_counting_at_the_next_opening():
    # Friday 19:30: Saturday 9:00-13:00 is four hours, then Monday.
    assert schedule().add(at("2026-12-04 19:30"), 4 * HOURS) == at("2026-12-05 13:00")
    assert schedule().add(at("2026-12-04 19:30"), 5 * HOURS) == at("2026-12-07 10:00")


def test_bank_holidays_are_skipped():
    # Saturday 26 December after closing; Monday 28 December is a bank holiday; Tuesday counts.
    holidays = schedule(["2026-12-28"])
    assert holidays.add(at("2026-12-26 13:30"), 4 * HOURS) == at("2026-12-29 13:00")
    assert schedule().add(at("2026-12-26 13:30"), 4 * HOURS) == at("2026-12-28 13:00")


def test_subtract_finds_the_earliest_moment_that_is_due_by_now():
    now = at("2026-12-07 10:00")  # Monday
    cutoff = schedule().subtract(now, HOURS)
    # Received on Saturday after 13:00 (closed): due Monday 10:00, which is not yet overdue at 10:00.
    assert cutoff == at("2026-12-05 13:00")
    assert schedule().add(at("2026-12-05 12:59"), HOURS) < now
    assert schedule().add(at("2026-12-05 14:00"), HOURS) == now


def test_adding_then_subtracting_agree_over_a_fortnight():
    start = at("2026-11-30 00:00")
    for step in range(0, 14 * 24 * 4):  # every quarter hour
        received = start + datetime.timedelta(minutes=15 * step)
        due = schedule().add(received, 24 * HOURS)
        cutoff = schedule().subtract(due, 24 * HOURS)
        assert cutoff <= received, received
        assert schedule().add(cutoff, 24 * HOURS) == due


def test_the_clocks_going_forward_leave_a_shorter_day():
    always = Schedule.always_open(LONDON)
    # 29 March 2026: 01:00 GMT becomes 02:00 BST, so midnight to midnight is 23 hours.
    assert always.add(at("2026-03-29 00:00"), 23 * HOURS) == at("2026-03-30 00:00")


def test_a_timetable_never_open_says_so_rather_than_counting_for_ever():
    with pytest.raises(NeverOpen):
        Schedule(((),) * 7, frozenset(), LONDON).add(at("2026-12-01 10:00"), HOURS)


def test_the_timetable_in_words_and_for_search_engines():
    assert schedule().lines() == ["Monday to Friday: 9am to 6pm", "Saturday: 9am to 1pm", "Sunday: closed"]
    assert schedule().schema_org() == ["Mo-Fr 09:00-18:00", "Sa 09:00-13:00"]
    split = Schedule((((540, 780), (840, 1050)),) * 2 + ((),) * 5, frozenset(), LONDON)
    assert split.lines() == ["Monday and Tuesday: 9am to 1pm, 2pm to 5:30pm", "Wednesday to Sunday: closed"]
    assert [clock_words(minutes) for minutes in (0, 570, 720, 1440)] == ["midnight", "9:30am", "12 noon", "midnight"]


def test_a_promise_is_rounded_up_to_the_half_hour_and_names_the_day():
    now = at("2026-12-01 10:05")
    assert deadline_words(at("2026-12-01 14:05"), LONDON, now) == "by 2:30pm today"
    assert deadline_words(at("2026-12-02 10:00"), LONDON, now) == "by 10am tomorrow"
    assert deadline_words(at("2026-12-09 11:00"), LONDON, now) == "by 11am on Wednesday 9 December"
