"""A handover minute's number as the paper prints it, from the number the record keeps
(issue 16 item 6). Plain functions over numbers and dates — no store — so the desktop's
reads (``app.queries.handovers.minute_number``) and the reports over any ``Source``
(``app.reports.handovers``, on the device and on the server) print the same number.

The record keeps the full number the installation made, "012/2025/BBBG-TH0001.AB12":
sequence, year, mark and unit code, and the computer's mark (the first 4 hex digits of its
instance). The paper leaves the computer's mark off; a school's second computer numbering
minutes in the same year gets a letter after its sequence ("012B/…"), the first computer
none (see ``letters``). Closing events print the handover's number with their own mark."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A number this installation made: "012/2025/BBBG-TH0001.AB12" — the sequence, the year,
# the mark and unit code, then the computer's mark (the first 4 hex digits of its instance).
MADE = re.compile(r"^(?P<seq>\d+)/(?P<year>\d{4})/(?P<rest>.+?)(?:\.(?P<inst>[0-9A-F]{4}))?$")
# The number a closing event prints: the handover minute's number with its own mark.
CLOSING_MARKS = {"returned": "BBTH", "reassigned": "BBCG"}


def made(number: str) -> re.Match | None:
    """The parts of a number an installation made with its computer's mark, or None (a
    number typed from a paper minute, or an older one without the mark)."""
    found = MADE.match(number or "")
    return found if found and found["inst"] else None


def letters(minutes: Iterable[tuple[str, str]], year: str) -> dict[str, str]:
    """From the (number, date) of one unit's handover minutes: for each computer that
    numbered minutes in ``year``, its mark → the letter its printed numbers carry ("" for
    the first: the computer whose earliest minute of the year has the earliest date, ties
    by mark; then B, C…), so the main computer's papers keep their numbers when a second
    one joins later."""
    first: dict[str, str] = {}
    for number, date in minutes:
        parts = made(number)
        if parts and parts["year"] == year:
            inst = parts["inst"]
            first[inst] = min(first.get(inst, date), date)
    order = sorted(first, key=lambda i: (first[i], i))
    return {inst: letter(n) for n, inst in enumerate(order)}


def letter(n: int) -> str:
    """0 → "", 1 → "B", 2 → "C", … 25 → "Z", then "A1", "A2"…"""
    return "" if n == 0 else chr(ord("A") + n) if n < 26 else f"A{n - 25}"


def printed(number: str, event: str = "handed_over", year_letters: dict[str, str] | None = None) -> str:
    """``number`` as the paper prints it: without the computer's mark, with the computer's
    letter from ``year_letters`` (``letters`` of the unit and the number's year; None: no
    letter), and a closing event's own mark."""
    parts = made(number)
    if parts:
        number = f"{parts['seq']}{(year_letters or {}).get(parts['inst'], '')}/{parts['year']}/{parts['rest']}"
    mark = CLOSING_MARKS.get(event)
    if mark:
        number = number.replace("BBBG", mark) if "BBBG" in number else f"{number}/{mark}"
    return number
