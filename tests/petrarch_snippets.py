"""Small PETRARCH-format dictionaries written for the tests (made-up actors and verbs)."""

from __future__ import annotations

from pathlib import Path

ACTORS = """\
<!-- test actors -->
# a comment line
VELORIA_ [VEL]
+VELORIAN
+THE_SILVER_COAST

QUINTAR [QNT]  # trailing comment
MARROW ISLES [MRW]

OTTLA_BRANDT
+CHANCELLOR_BRANDT
\t[VELELI <20000101]
\t[VELGOV 20000101-20041231]
\t[VELOPP >20041231]

DORIN_VAAS
VAAS
\t[QNTGOV 990101-031231]
\t[QNT]

MIRA_SOLE
\t[QNTGOV 20050101-20091231]
TWIN_HARBOURS [VEL/QNT]
BROKEN_LINE [VEL 2001-2002]
LOST_CODE
"""

AGENTS = """\
!WORKER! = MAN, MEN, WOMAN, WOMEN
POLICE {} [~COP]
SOLDIER [~MIL]
FERRY!WORKER! [~LAB]
RELIEF_AGENCY [NGO~]
CENSUS_OFFICER {CENSUS_OFFICERS CENSUS_STAFF} [~GOV]
MINISTER [~GOV]
FOREIGN_MINISTER [~GOVFRM]
LAWMAKER [~LEG]
ORPHAN_LINE [GOV]
"""

DISCARDS = """\
HARBOUR REGATTA
+KITE FESTIVAL  # story-level
"""

ISSUES = """\
<ISSUE CATEGORY="WATER" TYPE="ALL">
n:canal [CANALS]
clean+water supply [WATER_SUPPLY]
~canal street
</ISSUE>
"""

VERBS = """\
- * EARLY [999]

&TIESORTS
+TRADE
+FISHING
+&DEEPSORTS

&DEEPSORTS
+PEARL DIVING

--- PRAISE  [051] ---
PRAISE
LAUD {LAUDS LAUDED LAUDING} [052]
+SPEAK_UP {+SPOKE_UP +SPOKEN_UP}
- * &TIESORTS TIES [058]
- NEVER_* [111]
- * WITH % [057]
- + WAS * BY $ [059]

--- GREET  [045:046] ---
GREET

--- SNUB  [:124] ---
SNUB

--- IGNORE  [---] ---
IGNORE
- % * [125]

--- LIONIZE  [053] ---
LIONIZE
--- BROKEN HEADER
"""


def write_set(folder: Path, **override: str) -> Path:
    """Write the test set (``TEST.actors.txt``...) into ``folder``; returns it."""
    texts = {"actors": ACTORS, "agents": AGENTS, "discards": DISCARDS, "issues": ISSUES,
             "verbs": VERBS, **override}
    names = {"actors": "TEST.actors.txt", "agents": "TEST.agents.txt",
             "discards": "TEST.discards.txt", "issues": "TEST.IssueCoding.txt",
             "verbs": "TEST.verbs.txt"}
    for kind, text in texts.items():
        (folder / names[kind]).write_text(text, "utf-8")
    return folder
