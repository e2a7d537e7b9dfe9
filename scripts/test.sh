#!/usr/bin/env bash
# Set up, then run the linters and the whole test suite (what CI runs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
.venv/bin/ruff check extractor tests benchmarks samples
.venv/bin/ruff format --check extractor tests benchmarks samples
.venv/bin/python -m pytest "$@"
