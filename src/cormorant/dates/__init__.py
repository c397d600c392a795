"""Stage 5a: resolve each event's date from the text and the document date."""
