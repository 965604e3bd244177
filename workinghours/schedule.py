"""A weekly opening-hours timetable with days off, and time counted in it.

A day's hours are written as people write them: "9:00-18:00", or "9:00-13:00, 14:00-17:30" with
a lunch break, or nothing when closed; "0:00-24:00" is the whole day. `Schedule.add(start, hours)`
is the moment `hours` of opening time after `start` (an enquiry received on Friday evening counts
from Saturday's opening); `subtract` goes back, for "received before this moment means overdue by
now". All arithmetic is done in UTC, so a day when the clocks change counts its real hours.
"""

import datetime
import re
from dataclasses import dataclass

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SCHEMA_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
WHOLE_DAY = 24 * 60
# How far a calculation looks for opening time before giving up (a timetable that is never open).
MAX_DAYS = 3 * 366
_PERIOD = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(?:-|–|to)\s*(\d{1,2})(?:[:.](\d{2}))?$")
UTC = datetime.UTC


class NeverOpen(ValueError):
    """The timetable has no opening time to count in."""


def _minutes(hour, minute, text):
    hour, minute = int(hour), int(minute or 0)
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        raise ValueError(f"“{text}” is not a time of day: write times like 9:00 or 17:30.")
    return hour * 60 + minute


def parse_day(text):
    """ "9:00-13:00, 14:00-17:30" → ((540, 780), (840, 1050)) in minutes after midnight; "" → () (closed).
    ValueError, in words for the person who typed it, for anything else."""
    periods = []
    for piece in [piece.strip() for piece in re.split(r"[,;]", text or "") if piece.strip()]:
        match = _PERIOD.match(piece)
        if not match:
            raise ValueError(f"“{piece}” is not opening hours: write them like 9:00-17:30, or leave the day empty.")
        opens = _minutes(match.group(1), match.group(2), piece)
        closes = _minutes(match.group(3), match.group(4), piece)
        if closes <= opens:
            raise ValueError(f"In “{piece}” the closing time comes before the opening time.")
        if periods and opens < periods[-1][1]:
            raise ValueError(f"“{piece}” starts before the hours written before it end: list them in order.")
        periods.append((opens, closes))
    return tuple(periods)


def hours_by_day(value):
    """{weekday: hours} from a mapping of weekday to hours, as content files write it ("9:00-18:00";
    empty or "closed" when closed). ValueError saying what is wrong."""
    if not isinstance(value, dict) or set(value) - set(WEEKDAYS):
        raise ValueError('give each weekday (monday … sunday) its hours, like `monday: "9:00-18:00"`')
    hours = {}
    for day in WEEKDAYS:
        text = str(value.get(day) or "").strip()
        text = "" if text.lower() == "closed" else text
        try:
            parse_day(text)
        except ValueError as error:
            raise ValueError(f"{day}: {error}") from None
        hours[day] = text
    return hours


def clock_words(minutes):
    """540 → "9am", 570 → "9:30am", 720 → "12 noon", 0 or 1440 → "midnight"."""
    if minutes in (0, WHOLE_DAY):
        return "midnight"
    if minutes == 720:
        return "12 noon"
    hour, minute = divmod(minutes, 60)
    suffix = "am" if hour < 12 else "pm"
    hour = hour % 12 or 12
    return f"{hour}{f':{minute:02d}' if minute else ''}{suffix}"


def _runs(week):
    """Consecutive weekdays with the same hours: [(first, last, periods)]."""
    runs = []
    for number, periods in enumerate(week):
        if runs and runs[-1][2] == periods:
            runs[-1][1] = number
        else:
            runs.append([number, number, periods])
    return runs


@dataclass(frozen=True)
class Schedule:
    """`week`: seven tuples of (opens, closes) minutes, Monday first; `holidays`: dates closed all day."""

    week: tuple
    holidays: frozenset
    zone: datetime.tzinfo

    @classmethod
    def always_open(cls, zone):
        return cls((((0, WHOLE_DAY),),) * 7, frozenset(), zone)

    def is_ever_open(self):
        return any(self.week)

    def _moment(self, day, minutes):
        day, minutes = (day + datetime.timedelta(days=1), 0) if minutes == WHOLE_DAY else (day, minutes)
        local = datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=self.zone)
        return local.astimezone(UTC)

    def periods_on(self, day):
        """The day's opening periods as (start, end) in UTC; none on a holiday."""
        if day in self.holidays:
            return []
        return [(self._moment(day, opens), self._moment(day, closes)) for opens, closes in self.week[day.weekday()]]

    def add(self, start, delta):
        """The moment `delta` of opening time after `start`."""
        start, remaining = start.astimezone(UTC), delta
        day = start.astimezone(self.zone).date()
        for _ in range(MAX_DAYS):
            for opens, closes in self.periods_on(day):
                if closes <= start:
                    continue
                begin = max(opens, start)
                if remaining <= closes - begin:
                    return begin + remaining
                remaining -= closes - begin
            day += datetime.timedelta(days=1)
        raise NeverOpen("The opening hours have no open time to count in.")

    def subtract(self, end, delta):
        """The earliest moment from which `delta` of opening time has passed by `end`."""
        end, remaining = end.astimezone(UTC), delta
        day = end.astimezone(self.zone).date()
        for _ in range(MAX_DAYS):
            for opens, closes in reversed(self.periods_on(day)):
                if opens >= end:
                    continue
                finish = min(closes, end)
                if remaining < finish - opens:
                    return finish - remaining
                remaining -= finish - opens
            day -= datetime.timedelta(days=1)
        raise NeverOpen("The opening hours have no open time to count in.")

    def lines(self):
        """The timetable in words: ["Monday to Friday: 9am to 6pm", "Saturday: 9am to 1pm", "Sunday: closed"]."""
        lines = []
        for first, last, periods in _runs(self.week):
            days = WEEKDAYS[first].capitalize() + (f" to {WEEKDAYS[last].capitalize()}" if last > first else "")
            if first + 1 == last:
                days = f"{WEEKDAYS[first].capitalize()} and {WEEKDAYS[last].capitalize()}"
            hours = ", ".join(f"{clock_words(o)} to {clock_words(c)}" for o, c in periods) or "closed"
            lines.append(f"{days}: {hours}")
        return lines

    def schema_org(self):
        """schema.org openingHours: ["Mo-Fr 09:00-18:00", "Sa 09:00-13:00"]; closed days left out."""
        hours = []
        for first, last, periods in _runs(self.week):
            days = SCHEMA_DAYS[first] + (f"-{SCHEMA_DAYS[last]}" if last > first else "")
            for opens, closes in periods:
                hours.append(f"{days} {opens // 60:02d}:{opens % 60:02d}-{closes // 60:02d}:{closes % 60:02d}")
        return hours


def deadline_words(moment, zone, now=None):
    """A promise a patient reads: the moment rounded up to the half hour, "by 10:30am on Wednesday 9 December"
    ("today" or "tomorrow" instead of the date when it is)."""
    local = moment.astimezone(zone)
    spare = (local.minute % 30) * 60 + local.second + local.microsecond / 1e6
    if spare:
        local = (local.astimezone(UTC) + datetime.timedelta(seconds=30 * 60 - spare)).astimezone(zone)
    time_words = clock_words(local.hour * 60 + local.minute)
    today = (now or datetime.datetime.now(UTC)).astimezone(zone).date()
    if local.date() == today:
        return f"by {time_words} today"
    if local.date() == today + datetime.timedelta(days=1):
        return f"by {time_words} tomorrow"
    return f"by {time_words} on {local.strftime('%A')} {local.day} {local.strftime('%B')}"
