"""Batch conversion of archives: many inputs, parallel, resumable, nothing lost."""
