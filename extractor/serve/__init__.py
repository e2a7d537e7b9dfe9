"""``extractor serve``: the extractor as an HTTP service (FastAPI app, SQLite job store,
extraction on the batch machinery's worker processes)."""
