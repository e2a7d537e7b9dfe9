#!/usr/bin/env bash
# Set up, then extract every bundle in samples/ into out/ (one pretty JSON record per input)
# and write the auditors' report to out/report/index.html.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
status=0
.venv/bin/extractor extract samples/ -o out/ --pretty || status=$?
.venv/bin/python - <<'PY'
import json, pathlib
for path in sorted(pathlib.Path("out").rglob("*.json")):
    r = json.loads(path.read_text(encoding="utf-8"))
    a = r["agreements"]
    print(f"{path}: {r['status']}, {len(a)} agreements, {len(r['duplicates'])} duplicate pages, "
          f"{sum(len(x['performance_targets']) for x in a)} targets, "
          f"{sum(len(x['budget']['items']) for x in a)} budget items, "
          f"{len(r['discrepancies'])} discrepancies")
PY
.venv/bin/extractor audit samples/ -o out/report --jobs 2 || status=$?
exit $status
