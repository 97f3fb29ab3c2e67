"""``kiosk forms check`` and ``kiosk navigate`` (through their own parsers)."""

from __future__ import annotations

import argparse
import json

import pytest
from catalogue_helpers import replace_text

from kiosk import paths
from kiosk.commands import forms, navigate


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    parser.add_argument("--config", default=None)
    sub = parser.add_subparsers(dest="command")
    forms.register(sub)
    navigate.register(sub)
    args = parser.parse_args(list(argv))
    return args.func(args)


def test_forms_check_ok(capsys):
    assert run("forms", "check") == 0
    assert "ok:" in capsys.readouterr().out


def test_forms_check_lists_every_error(forms_copy, capsys):
    replace_text(forms_copy / "forms/gakko.yaml", "field: person.school_prev", "field: person.nope")
    replace_text(forms_copy / "fields.yaml", "card: card.sex", "card: card.gender")
    assert run("forms", "check", str(forms_copy)) == 1
    err = capsys.readouterr().err.splitlines()
    assert any(line.startswith("forms/forms/gakko.yaml:") for line in err)
    assert any(line.startswith("forms/fields.yaml:") for line in err)
    assert err[-1].startswith("2 problem(s)")


def test_forms_list(capsys):
    assert run("forms", "list", "--lang", "en") == 0
    out = capsys.readouterr().out
    assert "form juminido v2: Notification of change of residence" in out
    assert "procedure inu [kankyo]" in out and "guidance only" in out


def test_navigate_family_of_four(capsys):
    assert run("navigate", "--answers", str(paths.FORMS_DIR / "samples/family_of_four.yaml")) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["language"] == "ja" and result["review_status"] == "reviewed"
    assert [p["id"] for p in result["procedures"]] == ["tennyu", "mynumber_card", "kokuho", "jidoteate", "kodomo_iryo", "gakko", "inkan", "juminhyo"]
    first = result["procedures"][0]
    assert first["title"] == "転入届" and first["counter"] == {"id": "shimin", "name": "市民課"}
    assert first["forms"][0]["id"] == "juminido" and first["forms"][0]["persons"] == [0, 1, 2, 3]
    assert "転出証明書" in first["bring"]
    assert result["unanswered"] == []


@pytest.mark.parametrize("lang, title", [("en", "Moving-in notification (tennyu)"), ("vi", "Đăng ký chuyển đến (tennyu)")])
def test_navigate_language(capsys, lang, title):
    assert run("navigate", "--answers", str(paths.FORMS_DIR / "samples/single_adult.yaml"), "--lang", lang) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["procedures"][0]["title"] == title and result["review_status"] == "draft"


def test_navigate_json_answers_and_unanswered(tmp_path, capsys):
    file = tmp_path / "household.json"
    file.write_text(json.dumps({"answers": {"event": "move_out"}, "persons": [{"age": 40, "answers": {"insurance": "kokuho"}}]}))
    assert run("navigate", "--answers", str(file)) == 0
    result = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in result["procedures"]] == ["tenshutsu", "kokuho"]
    assert {"question": "move_date", "person": None} in result["unanswered"]


def test_navigate_bad_answers_are_located(tmp_path, capsys):
    file = tmp_path / "household.yaml"
    file.write_text("answers:\n  event: move_sideways\npersons:\n  - age: 30\n    answers: {has_cat: true}\n", encoding="utf-8")
    assert run("navigate", "--answers", str(file)) == 1
    err = capsys.readouterr().err
    assert f"{file}:2 answers.event:" in err
    assert f"{file}:5 persons[0].answers.has_cat: unknown person question" in err


def test_navigate_unknown_language(capsys):
    assert run("navigate", "--answers", str(paths.FORMS_DIR / "samples/single_adult.yaml"), "--lang", "xx") == 2


def test_kiosk_forms_check_command_exit_codes(forms_copy):
    """The real ``kiosk`` command: zero for the shipped catalogue, non-zero with located errors."""
    import subprocess
    import sys

    ok = subprocess.run([sys.executable, "-m", "kiosk", "forms", "check"], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    replace_text(forms_copy / "fields.yaml", "card: card.sex", "card: card.gender")
    bad = subprocess.run([sys.executable, "-m", "kiosk", "forms", "check", str(forms_copy)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert "forms/fields.yaml:" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.parametrize("lang", ["ja", "ja-easy", "en", "zh-Hans", "ko", "vi", "tl", "ne", "pt-BR", "id"])
def test_navigate_every_sample_in_every_language(catalogue, lang):
    """ML-02: no Japanese fallback mid-flow — every text comes from the chosen language."""
    from kiosk.catalogue.navigator import Household

    for name, data in catalogue.samples.items():
        result = navigate.result(catalogue, Household.from_dict(data), lang)
        assert result["procedures"], name
        for item in result["procedures"]:
            proc = catalogue.procedures[item["id"]]
            assert item["title"] == proc.title[lang] and item["bring"] == proc.bring[lang]
            assert item["guidance"] == proc.guidance[lang]
            assert item["counter"]["name"] == catalogue.counters[proc.counter].name[lang]
            assert item["deadline"] == proc.deadline.get(lang, "")
