"""Divisions are data: place, visit order and retention per counter in forms/procedures.yaml,
checked by ``kiosk forms check`` with file and line."""

from __future__ import annotations

import re
import shutil

from kiosk import cli, paths
from kiosk.catalogue.loader import check_catalogue
from kiosk.config import SHIPPED_LANGUAGES


def _copy_with(tmp_path, old: str, new: str):
    target = tmp_path / "forms"
    shutil.copytree(paths.FORMS_DIR, target)
    file = target / "procedures.yaml"
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_every_shipped_division_has_a_place_in_every_language_an_order_and_a_retention(catalogue):
    orders = [c.visit_order for c in catalogue.counters.values()]
    assert len(set(orders)) == len(orders) and min(orders) == 1
    for counter in catalogue.counters.values():
        assert set(counter.place) == set(SHIPPED_LANGUAGES), counter.id
        assert counter.retention_days >= 1
    assert catalogue.counters["hoken_nenkin"].place["ja"] == "2番窓口"


def test_a_visit_order_given_twice_is_reported_with_file_and_line(tmp_path):
    forms = _copy_with(tmp_path, "  visit_order: 2\n", "  visit_order: 1\n")
    problems = check_catalogue(forms)
    assert any(re.match(r"forms/procedures\.yaml:\d+ counters\[1\]\.visit_order: visit_order 1 already given to "
                        r"counter 'shimin'", p) for p in problems), problems


def test_a_retention_of_zero_days_is_refused_by_forms_check(tmp_path, capsys):
    forms = _copy_with(tmp_path, "  retention_days: 7\n", "  retention_days: 0\n")
    assert cli.main(["forms", "check", str(forms)]) != 0
    out = capsys.readouterr()
    assert "procedures.yaml" in out.out + out.err and "retention_days" in out.out + out.err
