"""Editing without Qt: located problems, QR keys never reused, translations grid cells, the
"try it" panel against sample households, and the preview sheet from an invented persona."""

from __future__ import annotations

import yaml

from kiosk.admin import editing, preview
from kiosk.admin.documents import dump


def test_problems_point_at_the_document_and_cell(documents):
    broken = dict(documents)
    broken["fields.yaml"] = documents["fields.yaml"].replace("label: {ja: 新住所, en: New address}", "label: {ja: 新住所}")
    located = editing.problems_for(broken, "fields.yaml")
    assert [(p.document, p.path, p.message) for p in located] == [("fields.yaml", ("fields", 1, "label", "en"), "missing")]
    assert located[0].line == 15


def test_qr_keys_are_assigned_automatically_and_never_reused(documents):
    form = yaml.safe_load(documents["forms/tenkyo.yaml"])
    assert editing.next_qr_key(form) == 5
    form = editing.remove_form_field(form, "person.birth_date", persons=True)
    assert form["retired_qr_keys"] == [4]
    form, key = editing.add_form_field(form, "person.birth_date", persons=True)
    assert key == 5  # the retired key 4 is not reused
    form, key = editing.add_form_field(form, "person.my_number", persons=True)
    assert key == 6
    broken = dict(documents)
    broken["forms/tenkyo.yaml"] = dump(editing.set_at(form, ("persons", "fields", 2, "qr"), 4))
    assert any("QR key 4 is retired" in p.message for p in editing.problems_for(broken, "forms/tenkyo.yaml"))


def test_translations_grid_rows_and_cell_checks(documents):
    data = yaml.safe_load(documents["fields.yaml"])
    rows = editing.translation_rows(data)
    assert rows[0].path == ("fields", 0, "label") and rows[0].texts == {"ja": "届出年月日", "en": "Date of filing"}
    assert editing.cell_problem("vi", "") == "missing"
    assert editing.cell_problem("ja-easy", "{漢字|かんじ") .startswith("unbalanced")
    assert editing.cell_problem("ja-easy", "{漢字|かんじ}を よむ") is None


def test_try_it_against_a_sample_household(documents):
    couple = editing.load_samples(documents)["couple"]
    assert editing.try_expression("answers.event == 'move_within'", couple).value is True
    assert editing.try_expression("any(persons, student)", couple).value is True
    assert editing.try_expression("person.age >= 20", couple, person=1).value is False
    bad = editing.try_expression("answers.event == = 'x'", couple)
    assert not bad.ok and bad.position == 17 and bad.error


def test_preview_sheet_from_a_persona(documents):
    catalogue = preview.build_catalogue(documents)
    form = catalogue.forms["tenkyo"]
    persona = preview.personas()["adult"]
    values = preview.sample_values(form, persona, rows=2)
    assert values.persons[0]["person.name"] == persona["name"]
    assert "person0:person.name" in values.from_card
    pdf = preview.render_preview(form, values)
    assert pdf.startswith(b"%PDF")
