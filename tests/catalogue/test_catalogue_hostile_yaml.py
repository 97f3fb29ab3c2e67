"""Hostile YAML (SEC-12): an alias bomb, a 40 MB file, deep nesting, too many aliases and invalid
UTF-8 are each refused as one problem naming the right file and line, without building the data.

Each check runs ``kiosk`` in a child process whose address space is capped at 1 GB: a loader that
expanded the bomb or read the whole file would die there instead of answering."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.catalogue import source
from kiosk.errors import ConfigError

LIMITED = (
    "import resource, sys\n"
    "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
    "from kiosk.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def kiosk_limited(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", LIMITED, *argv], capture_output=True, text=True, timeout=120)


def alias_bomb() -> bytes:
    """Ten levels of nine aliases each: 9**10 (3.4 billion) strings once expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return ("\n".join(lines) + "\n").encode()


def many_aliases() -> bytes:
    return b"base: &b x\nrefs:\n" + b"".join(b"  - *b\n" for _ in range(source.MAX_ALIASES + 1))


HOSTILE = {
    # name: (content, expected line, expected words)
    "bomb": (alias_bomb, 6, "values (aliases expanded)"),
    "aliases": (many_aliases, 3 + source.MAX_ALIASES, f"more than {source.MAX_ALIASES} aliases"),
    "deep": (lambda: b"nest:\n  k: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", 2, "nested more than"),
    "huge": (lambda: b"title: " + b"x" * (40 * 1024 * 1024) + b"\n", 1, "larger than 4 MB"),
    "not_utf8": (lambda: b"id: kokuho\ntitle:\n  ja: \xe5\x9b\xbd\xff\n", 3, "not UTF-8 (byte 0xFF)"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_sec12_hostile_form_file_is_refused_with_file_and_line(forms_copy: Path, name: str) -> None:
    make, line, words = HOSTILE[name]
    target = forms_copy / "forms" / "kokuho.yaml"
    target.write_bytes(make())
    result = kiosk_limited("forms", "check", str(forms_copy))
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    located = [p for p in result.stderr.splitlines() if "kokuho.yaml:" in p]
    assert located, result.stderr[-2000:]
    assert f"kokuho.yaml:{line}:" in located[0] and words in located[0]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_sec12_hostile_values_file_for_kiosk_sheet_is_refused(tmp_path: Path, name: str) -> None:
    make, line, words = HOSTILE[name]
    values = tmp_path / "values.yaml"
    values.write_bytes(make())
    out = tmp_path / "sheet.pdf"
    result = kiosk_limited("sheet", "--form", "juminido", "--values", str(values), "--out", str(out))
    assert result.returncode != 0 and not out.exists()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert f"values.yaml:{line}:" in lines[0] and words in lines[0]


def test_sec12_hostile_household_answers_are_refused(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(alias_bomb())
    result = kiosk_limited("navigate", "--answers", str(answers))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "answers.yaml:6: YAML: more than" in result.stderr


def test_a_locale_file_with_an_alias_bomb_is_refused(tmp_path: Path) -> None:
    from kiosk import i18n

    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "core.yaml").write_bytes(alias_bomb())
    with pytest.raises(ConfigError, match=r"core\.yaml:6: YAML: more than"):
        i18n.catalog("en", tmp_path)


def test_anchors_within_budget_are_read(tmp_path: Path) -> None:
    file = tmp_path / "ok.yaml"
    file.write_text("base: &b {ja: 転入, en: Moving in}\nlabels: [*b, *b]\n", encoding="utf-8")
    doc, problems = source.read(file, "ok.yaml")
    assert problems == []
    assert doc.data["labels"] == [{"ja": "転入", "en": "Moving in"}] * 2
