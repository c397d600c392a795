"""Stage 4: code events (CAMEO/PLOVER) with roles, polarity and evidence."""
