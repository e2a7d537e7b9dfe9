"""Copies of a repeated page side by side, with the words that differ marked."""

from __future__ import annotations

import difflib
import re
from collections import Counter

from ..normalise import normalise
from .views import (
    DiffLine,
)

_ONLY_IN = re.compile(r"^'(.*)' only in the (kept|dropped) copy$", re.S)
_VS = "' vs '"


def _split_vs(text: str) -> tuple[str, str] | None:
    """``'a' vs 'b'`` -> ("a", "b"), split at the last ``' vs '`` (a copy may quote one), as
    ``^'(.*)' vs '(.*)'$`` would, but in linear time: that pattern retries its second half
    from every earlier ``' vs '``."""
    if text.endswith("'"):
        close = len(text) - 1
    elif text.endswith("'\n"):  # ``$`` also matches before a final newline
        close = len(text) - 2
    else:
        return None
    cut = text.rfind(_VS, 1, close) if text.startswith("'") else -1
    return None if cut < 0 else (text[1:cut], text[cut + len(_VS) : close])


def _split_difference(text: str) -> tuple[str, str]:
    """``'DPMPSTSP' vs 'DPMPTSP'`` -> (kept copy, dropped copy)."""
    pair = _split_vs(text)
    if pair:
        return pair
    match = _ONLY_IN.match(text)
    if match:
        return (match.group(1), "") if match.group(2) == "kept" else ("", match.group(1))
    return text, ""


_WORD = re.compile(r"[^\s|]+")
_RULE = re.compile(r"^[-=:_+|]+$")  # the rule line of a markdown table, not a word


def _words(lines: list[str], first: int) -> list[tuple[int, str]]:
    """(line number, word) of each word, read as the de-duplication reads a page:
    normalised text (OCR repairs, markdown and HTML removed), table rules left out."""
    normalised, _ = normalise("\n".join(lines))
    return [
        (first + line.number - 1, word)  # a stage may split one source line into several
        for line in normalised
        for word in _WORD.findall(line.text)
        if not _RULE.match(word)
    ]


def page_diff(
    left: list[str], right: list[str], left_first: int, right_first: int
) -> tuple[list[DiffLine], list[DiffLine]]:
    """Both copies of a page, word by word, reduced to the lines whose words differ (and a
    line either side); words that only moved (a column read in another order) cancel out.
    Two empty lists: the copies print the same words."""
    lw, rw = _words(left, left_first), _words(right, right_first)

    def key(word: str) -> str:
        return word.lower().rstrip(".,")

    matcher = difflib.SequenceMatcher(
        None, [key(w) for _, w in lw], [key(w) for _, w in rw], autojunk=False
    )
    left_changed: set[int] = set()
    right_changed: set[int] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            left_changed.update(range(i1, i2))
            right_changed.update(range(j1, j2))
    moved = Counter(key(lw[i][1]) for i in left_changed) & Counter(
        key(rw[j][1]) for j in right_changed
    )
    left_changed = _drop_moved(left_changed, lw, moved.copy(), key)
    right_changed = _drop_moved(right_changed, rw, moved.copy(), key)
    if not left_changed and not right_changed:
        return [], []
    return _diff_lines(lw, left_changed), _diff_lines(rw, right_changed)


def _drop_moved(changed: set[int], words: list[tuple[int, str]], moved: Counter, key) -> set[int]:
    out = set()
    for i in sorted(changed):
        word = key(words[i][1])
        if moved[word] > 0:
            moved[word] -= 1
        else:
            out.add(i)
    return out


def _diff_lines(words: list[tuple[int, str]], changed: set[int]) -> list[DiffLine]:
    by_line: dict[int, list[tuple[str, bool]]] = {}
    for i, (number, word) in enumerate(words):
        segments = by_line.setdefault(number, [])
        if segments:
            segments.append((" ", False))
        segments.append((word, i in changed))
    numbers = list(by_line)
    hot = [k for k, n in enumerate(numbers) if any(c for _, c in by_line[n])]
    shown = sorted({k + d for k in hot for d in (-1, 0, 1) if 0 <= k + d < len(numbers)})
    out: list[DiffLine] = []
    previous = None
    for k in shown:
        if previous is not None and k != previous + 1:
            out.append(DiffLine(None))
        n = numbers[k]
        out.append(DiffLine(n, _merge(by_line[n]), any(c for _, c in by_line[n])))
        previous = k
    return out


def _merge(segments: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Adjacent segments of the same kind joined (a space between marked words stays marked)."""
    out: list[tuple[str, bool]] = []
    for i, (text, changed) in enumerate(segments):
        if text == " " and 0 < i < len(segments) - 1:
            changed = segments[i - 1][1] and segments[i + 1][1]
        if out and out[-1][1] == changed:
            out[-1] = (out[-1][0] + text, changed)
        else:
            out.append((text, changed))
    return out
