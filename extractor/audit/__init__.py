"""The audit stage: named cross-check rules over a parsed bundle, each finding a discrepancy.

Rules live in small modules by subject (targets, budget, people, dates, duplicates) and
register themselves with ``@rule``; ``run_audit`` runs the enabled ones with the settings
of an ``AuditConfig`` (defaults, a config file, or ``--rules``).
"""

from .engine import AuditConfig, Bundle, load_config, rule_names, run_audit

__all__ = ["AuditConfig", "Bundle", "load_config", "rule_names", "run_audit"]
