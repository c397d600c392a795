"""A small PETRARCH-format verb dictionary with transformations, written for the tests."""

from __future__ import annotations

VERBS = """\
&BOAST
+BOAST
+BRAG

--- ASSERT  [---] ---
SAY {SAYS SAID SAYING}
CLAIM

--- DEMAND  [100] ---
WANT [030]

--- ATTEMPT  [---] ---
ATTEMPT
TRY {TRIES TRIED TRYING}

--- FIGHT  [190] ---
ATTACK
RAID

--- ASSASSINATE  [186] ---
ASSASSINATE

--- PRAISE  [051] ---
PRAISE

######## TRANSFORMATIONS ##########
~ a (a b ATTACK) SAY = a b 015
~ a (b . ATTACK) SAY = a b 112
~ a (a b Q) SAY = a b Q
~ a (_ b ATTACK) WANT = a b 138
~ a (_ b ASSASSINATE) ATTEMPT = a b 185
~ a (a b ATTACK) BOAST = a b 015
~ a (a b BOMBARD) SAY = a b 195
~ a (a b ATTACK) SAY = a c 015
~ a (a b ATTEMPT) SAY = a b 185
~ a (a b ATTACK SAY = a b 015
~ a (a b ATTACK) SHOUT = a b 015
"""


def line_of(fragment: str) -> int:
    """The 1-based line of ``VERBS`` that holds ``fragment``."""
    return next(n for n, line in enumerate(VERBS.splitlines(), 1) if fragment in line)
