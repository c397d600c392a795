"""Stage 5b: find and resolve place names; locate events."""
