"""``extractor eval``: how well records reproduce what a person read off the documents.

``gold`` reads the gold (a facts file, or a record used as reference) and maps records to the
facts format; ``score`` pairs rows and scores each field; ``report`` prints the table and the
JSON; ``command`` is the click command (files or folders paired by name).
"""

from .gold import Gold, auditor_facts, load_gold, pair_name, record_facts, resolve_source
from .score import FIELDS, Evaluation, Problem, Tally, compare_records, evaluate, mismatches

__all__ = [
    "FIELDS",
    "Evaluation",
    "Gold",
    "Problem",
    "Tally",
    "auditor_facts",
    "compare_records",
    "evaluate",
    "load_gold",
    "mismatches",
    "pair_name",
    "record_facts",
    "resolve_source",
]
