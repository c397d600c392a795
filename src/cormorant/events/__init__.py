"""Stage 4: code events (CAMEO/PLOVER) with roles, polarity and evidence."""

from cormorant.events.arguments import NOUN_STRATEGIES, VERB_STRATEGIES, Roles, Strategy
from cormorant.events.component import EventCoder
from cormorant.events.lexicon import Entry, Lexicon, read_file
from cormorant.events.merge import MentionMerger, merge_mentions
from cormorant.events.words import Words, load_words

__all__ = [
    "NOUN_STRATEGIES",
    "VERB_STRATEGIES",
    "Entry",
    "EventCoder",
    "Lexicon",
    "MentionMerger",
    "Roles",
    "Strategy",
    "Words",
    "load_words",
    "merge_mentions",
    "read_file",
]
