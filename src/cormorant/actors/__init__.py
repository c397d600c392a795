"""Stage 3: recognise actors and code them (country + sector)."""
