"""extractor: Perjanjian Kinerja (PK) bundles in, validated JSON records out.

``extract(path)`` is the library entry point; the CLI is a thin layer over it.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .models import SCHEMA_VERSION, ExtractionResult  # noqa: E402
from .pipeline import Options, extract  # noqa: E402

__all__ = ["SCHEMA_VERSION", "ExtractionResult", "Options", "__version__", "extract"]
