"""Differences between two versions of a catalogue document: a unified text diff and a list of
changed items an administrator can read (``fields[3].label.vi: 'Tên' → 'Họ tên'``)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

import yaml

from kiosk.catalogue.source import PathKey, dotted


@dataclass(frozen=True)
class Change:
    path: PathKey
    kind: str  # added / removed / changed
    old: Any = None
    new: Any = None

    def describe(self) -> str:
        where = dotted(self.path) or "(document)"
        if self.kind == "added":
            return f"{where}: added {_short(self.new)}"
        if self.kind == "removed":
            return f"{where}: removed {_short(self.old)}"
        return f"{where}: {_short(self.old)} → {_short(self.new)}"


def text_diff(old: str, new: str, name: str = "document") -> str:
    """Unified diff of two texts (empty when equal)."""
    return "".join(difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), fromfile=f"a/{name}", tofile=f"b/{name}",
    ))


def line_counts(old: str, new: str) -> tuple[int, int]:
    """(lines added, lines removed)."""
    added = removed = 0
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        if line.startswith("+ "):
            added += 1
        elif line.startswith("- "):
            removed += 1
    return added, removed


def changes(old: str, new: str) -> list[Change]:
    """Changed items between two YAML texts. List items that carry an ``id`` (or ``field``) are
    matched by it, so inserting a field does not show every later field as changed."""
    try:
        a, b = yaml.safe_load(old or "null"), yaml.safe_load(new or "null")
    except yaml.YAMLError:
        return [Change((), "changed", "(unreadable)", "(unreadable)")]
    out: list[Change] = []
    _walk(a, b, (), out)
    return out


def _key(item: Any) -> Any:
    if isinstance(item, dict):
        for name in ("id", "field", "procedure", "code"):
            if isinstance(item.get(name), str):
                return (name, item[name])
    return None


def _walk(a: Any, b: Any, path: PathKey, out: list[Change]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k not in b:
                out.append(Change(path + (k,), "removed", a[k], None))
            else:
                _walk(a[k], b[k], path + (k,), out)
        for k in b:
            if k not in a:
                out.append(Change(path + (k,), "added", None, b[k]))
        return
    if isinstance(a, list) and isinstance(b, list):
        keys_a, keys_b = [_key(x) for x in a], [_key(x) for x in b]
        if all(k is not None for k in keys_a + keys_b) and len(set(keys_a)) == len(a) and len(set(keys_b)) == len(b):
            index_a = {k: i for i, k in enumerate(keys_a)}
            for j, k in enumerate(keys_b):
                if k in index_a:
                    _walk(a[index_a[k]], b[j], path + (j,), out)
                else:
                    out.append(Change(path + (j,), "added", None, b[j]))
            kept = set(keys_b)
            for i, k in enumerate(keys_a):
                if k not in kept:
                    out.append(Change(path + (i,), "removed", a[i], None))
            return
        for i in range(max(len(a), len(b))):
            if i >= len(a):
                out.append(Change(path + (i,), "added", None, b[i]))
            elif i >= len(b):
                out.append(Change(path + (i,), "removed", a[i], None))
            else:
                _walk(a[i], b[i], path + (i,), out)
        return
    if a != b:
        out.append(Change(path, "changed", a, b))


def _short(value: Any) -> str:
    if isinstance(value, dict):
        key = _key(value)
        return f"{{{key[0]}: {key[1]}, …}}" if key else "{…}"
    if isinstance(value, list):
        return f"[{len(value)} items]"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…'"
