"""Stage 2: the spaCy pipeline that carries every coding component."""

from cormorant.nlp.pipeline import build_pipeline, load_model

__all__ = ["build_pipeline", "load_model"]
