"""Round trip: render PK bundles from a structured description in many serialisations,
extract them, and compare the record with the facts of what was rendered.

- ``model``: the description (``Bundle`` of ``Agreement``s), the facts it must extract to
  (``expected_facts``, in the format of tests/golden/FACTS.md) and bundles built from the
  hand-written facts files (``from_facts``).
- ``render``: description -> serialisation-neutral blocks (title, fields, tables, signature
  columns, page breaks); label case is chosen here.
- ``serialise``: blocks -> text as a converter or OCR engine writes it (``SERIALISATIONS``),
  page markers, OCR noise.
- ``strategies``: hypothesis strategies for bundles and styles.
- ``check.round_trip``: render, write, ``extractor.extract``, compare.
- ``matrix``: ``.venv/bin/python -m tests.roundtrip.matrix`` prints pass/fail per
  serialisation and fixed bundle, with the first lost fact.
"""
