"""PDF input: text-layer pages through pdfplumber, scanned pages through Tesseract OCR.

Both end in the same ``RawLine``s (text with tab-separated cells, a box in PDF points, OCR
confidence), which the loader turns into the ``Page`` objects the text stages read.
"""
