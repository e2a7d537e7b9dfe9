"""Rule registry, configuration and the helpers every rule uses to write a finding."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..models import Agreement, Discrepancy, Duplicate, Location, PageInfo, Span
from ..parse.matching import INDICATOR_SIMILARITY


class AuditConfig(BaseModel):
    """Which rules run and their tolerances (a TOML or JSON file may set any of these)."""

    model_config = ConfigDict(extra="forbid")

    disabled: list[str] = Field(default_factory=list, description="rule names not to run")
    amount_tolerance: float = Field(1.0, description="rupiah a sum may differ by (rounding)")
    relative_tolerance: float = Field(0.0, description="share of a target two values may differ by")
    name_similarity: int = Field(
        85, description="rapidfuzz ratio at or above which two names are one person's"
    )
    same_name_limit: int = Field(
        100, description="ratio at or above which two spellings of a name are the same"
    )
    indicator_similarity: int = Field(
        INDICATOR_SIMILARITY, description="token-set ratio: the same indicator"
    )
    position_similarity: int = Field(70, description="partial ratio: the same position")


@dataclass(frozen=True, slots=True)
class Bundle:
    """What the rules read: the parsed record of one input file."""

    agreements: list[Agreement]
    duplicates: list[Duplicate]
    pages: list[PageInfo]


RuleFunction = Callable[[Bundle, AuditConfig], list[Discrepancy]]
_RULES: dict[str, RuleFunction] = {}


def rule(name: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule under ``name`` (what ``disabled`` and ``--rules`` refer to)."""

    def register(function: RuleFunction) -> RuleFunction:
        if name in _RULES:
            raise ValueError(f"rule {name} registered twice")
        _RULES[name] = function
        return function

    return register


def rule_names() -> list[str]:
    _load_rules()
    return sorted(_RULES)


def _load_rules() -> None:
    from . import budget, dates, duplicates, numbering, people, rollup, targets  # noqa: F401


def run_audit(bundle: Bundle, config: AuditConfig | None = None) -> list[Discrepancy]:
    """Every finding of the enabled rules, in rule-name order (stable across runs)."""
    config = config or AuditConfig()
    _load_rules()
    unknown = set(config.disabled) - set(_RULES)
    if unknown:
        raise ValueError(f"unknown audit rule(s): {', '.join(sorted(unknown))}")
    out: list[Discrepancy] = []
    for name in sorted(_RULES):
        if name not in config.disabled:
            out += _RULES[name](bundle, config)
    return out


def load_config(path: str | Path | None, disable: Iterable[str] = ()) -> AuditConfig:
    """Settings from a TOML or JSON file (or defaults), with more rules disabled by name."""
    data: dict = {}
    if path:
        text = Path(path).read_text(encoding="utf-8")
        data = json.loads(text) if str(path).endswith(".json") else tomllib.loads(text)
    config = AuditConfig.model_validate(data)
    extra = [name for name in disable if name not in config.disabled]
    return config.model_copy(update={"disabled": [*config.disabled, *extra]})


def location(source: Span | None, field: str) -> Location:
    """Where a value is printed, from its source span."""
    return Location(
        page=source.page if source else None,
        field=field,
        line=source.line_start if source else None,
        bbox=source.bbox if source else None,
    )


def discrepancy(
    code: str,
    severity: str,
    agreement: Agreement | None,
    message: str,
    values: list[str],
    locations: list[Location],
) -> Discrepancy:
    return Discrepancy(
        code=code,
        severity=severity,
        agreement_index=agreement.index if agreement else None,
        message=message,
        values=values,
        locations=locations,
    )


def rupiah(value: float | None) -> str:
    """An amount as an auditor reads it: ``Rp 1.234.567``."""
    if value is None:
        return "(unreadable)"
    whole = f"{abs(value):,.0f}".replace(",", ".")
    return f"{'-' if value < 0 else ''}Rp {whole}"
