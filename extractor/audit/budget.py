"""Audit rules: budget (being written)."""
