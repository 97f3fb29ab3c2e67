"""YAML documents that remember where every value came from, so that each problem found in
``forms/`` can be reported as ``forms/fields.yaml:42 fields[3].label.vi: missing``.

Every YAML file the kiosk reads (catalogue, households, sheet values, locales) goes through
:func:`check_budget` first: a file larger than :data:`MAX_BYTES`, more than :data:`MAX_ALIASES`
aliases, more than :data:`MAX_NODES` values once aliases are expanded, or nesting deeper than
:data:`MAX_DEPTH` is refused as one located problem (``file:line: YAML: ...``) before anything is
built from it, so an alias bomb or a huge file costs a fraction of a second, not gigabytes."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[Any, ...]


def dotted(path: PathKey) -> str:
    """``('fields', 3, 'label', 'vi')`` → ``fields[3].label.vi``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[\w-]+", str(part)):
            out += ("." if out else "") + str(part)
        else:  # keys with spaces, dots or control characters stay readable and unambiguous
            out += "[" + json.dumps(str(part), ensure_ascii=False) + "]"
    return out


@dataclass
class Document:
    """One YAML file: its data and the line (1-based) of every mapping value and list item."""

    file: Path
    display: str  # path shown in messages, e.g. "forms/forms/kokuho.yaml"
    data: Any = None
    lines: dict[PathKey, int] = field(default_factory=dict)
    raw: bytes = b""

    def line(self, path: PathKey) -> int:
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def where(self, path: PathKey = ()) -> str:
        path = tuple(path)
        text = dotted(path)
        return f"{self.display}:{self.line(path)}" + (f" {text}" if text else "")

    def problem(self, path: PathKey, message: str) -> str:
        return f"{self.where(path)}: {message}"

    def get(self, path: PathKey, default: Any = None) -> Any:
        return get_at(self.data, path, default)


def get_at(data: Any, path: PathKey, default: Any = None) -> Any:
    """The value at ``path`` (keys and list indexes) inside parsed YAML, or ``default``."""
    node = data
    for part in path:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return default
    return node


def _record(node: yaml.Node, data: Any, path: PathKey, lines: dict[PathKey, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode) and isinstance(data, dict):
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key = _scalar_key(key_node)
            key = key if isinstance(key, str) else _key_text(key)
            if key in data:
                _record(value_node, data[key], path + (key,), lines)
                lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode) and isinstance(data, list):
        for index, (item_node, item) in enumerate(zip(node.value, data, strict=False)):
            _record(item_node, item, path + (index,), lines)


_KEYS = yaml.constructor.SafeConstructor()
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available; both keep marks


def _scalar_key(node: yaml.ScalarNode) -> Any:
    if node.tag == "tag:yaml.org,2002:str":
        return node.value
    try:
        return _KEYS.construct_object(node)
    except (yaml.YAMLError, ValueError, TypeError):
        return node.value


def _plain(data: Any) -> Any:
    """Dates stay dates; keys become strings where YAML made them numbers or booleans."""
    if isinstance(data, dict):
        return {(k if isinstance(k, str) else _key_text(k)): _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "yes" if key else "no"
    if isinstance(key, (dt.date, dt.datetime)):
        return key.isoformat()
    return str(key)


MAX_BYTES = 4 * 1024 * 1024  # the largest shipped file is under 100 KB
MAX_ALIASES = 100
MAX_NODES = 100_000  # scalars and collections, each alias counted as the size of what it repeats
MAX_DEPTH = 64  # shipped files nest 6 deep


class BudgetExceeded(Exception):
    """A YAML text beyond the budget; ``line`` (1-based) is where the budget ran out."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_capped(file: Path) -> bytes:
    """At most ``MAX_BYTES + 1`` bytes of ``file`` (so a huge file is never read whole)."""
    with file.open("rb") as stream:
        return stream.read(MAX_BYTES + 1)


def check_budget(raw: bytes) -> str:
    """The UTF-8 text of ``raw`` once it fits the budget; raises :class:`BudgetExceeded` (or
    ``UnicodeDecodeError``) otherwise. Only parser events are looked at: nothing is built."""
    if len(raw) > MAX_BYTES:
        raise BudgetExceeded(1, f"file larger than {MAX_BYTES // (1024 * 1024)} MB")
    text = raw.decode("utf-8")
    sizes: dict[str, int] = {}  # anchor -> values it stands for, once expanded
    open_anchors: list[tuple[str | None, int]] = []  # per open collection: its anchor, count at its start
    count = aliases = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            line = event.start_mark.line + 1 if event.start_mark else 1
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise BudgetExceeded(line, f"more than {MAX_ALIASES} aliases")
                count += sizes.get(event.anchor or "", 1)
            elif isinstance(event, yaml.ScalarEvent):
                count += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.CollectionStartEvent):
                count += 1
                open_anchors.append((event.anchor, count - 1))
                if len(open_anchors) > MAX_DEPTH:
                    raise BudgetExceeded(line, f"nested more than {MAX_DEPTH} deep")
            elif isinstance(event, yaml.CollectionEndEvent) and open_anchors:
                anchor, start = open_anchors.pop()
                if anchor is not None:
                    sizes[anchor] = count - start
            if count > MAX_NODES:
                raise BudgetExceeded(line, f"more than {MAX_NODES} values (aliases expanded)")
    except yaml.MarkedYAMLError:
        return text  # the loader reports the syntax error with its line
    return text


def budget_problem(display: str, exc: BudgetExceeded | UnicodeDecodeError) -> str:
    if isinstance(exc, UnicodeDecodeError):
        line = exc.object[:exc.start].count(b"\n") + 1
        return f"{display}:{line}: not UTF-8 (byte 0x{exc.object[exc.start]:02X})"
    return f"{display}:{exc.line}: YAML: {exc.message}"


def load_limited(file: Path, display: str) -> tuple[Any, list[str]]:
    """Plain ``yaml.safe_load`` of a whole file within the budget: (data, []) or (None, [problem])."""
    try:
        raw = read_capped(file)
    except OSError as exc:
        return None, [f"{display}:1: cannot read: {exc.strerror or exc.__class__.__name__}"]
    try:
        text = check_budget(raw)
    except (BudgetExceeded, UnicodeDecodeError) as exc:
        return None, [budget_problem(display, exc)]
    try:
        return yaml.load(text, Loader=_LOADER), []  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, [f"{display}:{mark.line + 1 if mark else 1}: YAML: {exc.problem or exc.context}"]
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        return None, [f"{display}:1: YAML: {exc.__class__.__name__}"]


_CACHE: OrderedDict[tuple[str, bytes], tuple[Any, dict[PathKey, int]]] = OrderedDict()
_CACHE_SIZE = 128


def read(file: Path, display: str) -> tuple[Document, list[str]]:
    """Parse ``file``; returns the document and problems (a YAML syntax error is one problem).

    Parsed documents are cached by content, so checking a folder again after editing one file
    parses only that file; callers get their own copy of the data."""
    doc = Document(file, display)
    try:
        doc.raw = read_capped(file)
    except OSError as exc:
        return doc, [f"{display}:1: cannot read: {exc.strerror or exc.__class__.__name__}"]
    key = (display, hashlib.sha256(doc.raw).digest())
    if key in _CACHE:
        data, lines = _CACHE[key]
        doc.data, doc.lines = copy.deepcopy(data), dict(lines)
        return doc, []
    doc, problems = _parse(doc)
    if not problems:
        _CACHE[key] = (copy.deepcopy(doc.data), dict(doc.lines))
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return doc, problems


def _parse(doc: Document) -> tuple[Document, list[str]]:
    display = doc.display
    try:
        text = check_budget(doc.raw)
    except (BudgetExceeded, UnicodeDecodeError) as exc:
        return doc, [budget_problem(display, exc)]
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return doc, [f"{display}:1: the file is empty"]
        doc.data = _plain(loader.construct_document(node))
        _record(node, doc.data, (), doc.lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return doc, [f"{display}:{line}: YAML: {exc.problem or exc.context}"]
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        return doc, [f"{display}:1: YAML: {exc.__class__.__name__}"]
    finally:
        loader.dispose()
    return doc, []
