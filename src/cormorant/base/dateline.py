"""Wire-story datelines: ``BEIJING, May 9 (Reuters) -``, ``GOMA, Sept 8 -``, ``ANKARA (AP) -``.

One definition serves every stage: ingest reads the date from it, the segmenter keeps it
out of the first sentence's parse, and the places stage takes it as the fallback location.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cormorant.base.dateparse import MONTH_RE

_DATELINE = re.compile(
    rf"(?m)^[ \t]*(?P<place>[A-Z][A-Za-z.'\- ]{{1,40}}?(?:,[ \t]*[A-Z][A-Za-z.\- ]{{1,30}}?)?)"
    rf"(?:,?[ \t]+(?P<month>(?i:{MONTH_RE}))[ \t]+(?P<day>[0-3]?\d)(?:,?[ \t]+(?P<year>(?:19|20)\d\d))?)?"
    rf"[ \t]*(?:\((?P<agency>[A-Za-z .&-]{{2,30}})\))?[ \t]*(?:--?|[\u2013\u2014])[ \t]+"
)
WINDOW = 600  # a dateline opens the story: look no further than its first lines


@dataclass(frozen=True)
class Dateline:
    """Character offsets of the whole prefix (up to the text after the dash) and of its place."""

    start: int
    end: int
    place_start: int
    place_end: int
    month: str | None
    day: int | None
    year: int | None
    agency: str | None

    def place(self, text: str) -> str:
        return text[self.place_start:self.place_end]


def find_dateline(text: str, window: int = WINDOW) -> Dateline | None:
    """The first dateline at the start of a line near the top of ``text``.

    A prefix counts only with its place in capitals or an agency in brackets, as wire
    services write them, so that an ordinary opening ("Japan - which...") is not taken for one.
    """
    for m in _DATELINE.finditer(text[:window]):
        place = m["place"]
        head = place.split(",")[0].strip()
        if not (m["agency"] or (head.isupper() and len(head) > 1)):
            continue
        p_start = m.start("place")
        p_end = p_start + len(head)
        return Dateline(
            start=m.start(), end=m.end(), place_start=p_start, place_end=p_end,
            month=m["month"], day=int(m["day"]) if m["day"] else None,
            year=int(m["year"]) if m["year"] else None, agency=m["agency"],
        )
    return None
