#!/usr/bin/env bash
# Create .venv and install extractor with its test tools. Sourced by run-samples.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -m venv --help >/dev/null 2>&1 || ! "$PYTHON" -c "import ensurepip" >/dev/null 2>&1; then
  # Debian ships venv/ensurepip separately.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
  else
    echo "extractor: please install python3-venv (apt-get install python3-venv)" >&2
    exit 2
  fi
fi
# Tesseract with the Indonesian model reads scanned pages (the OCR tests need it).
langs="$(tesseract --list-langs 2>/dev/null || true)"
if ! grep -qx ind <<<"$langs"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng >/dev/null
  else
    echo "extractor: scanned PDFs need Tesseract: apt-get install tesseract-ocr tesseract-ocr-ind" >&2
  fi
fi
# poppler-utils (pdftotext) makes one of the converter texts of the converter-matrix test.
if ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "extractor: the converter-matrix test needs pdftotext: apt-get install poppler-utils" >&2
  fi
fi
# Chromium and its driver run the report's browser test (Selenium, headless, offline).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "extractor: the report's browser test needs Chromium: apt-get install chromium chromium-driver" >&2
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e ".[dev]"
