"""Loading ``forms/``: the shipped catalogue is valid, and each kind of mistake in a definition is
reported with file, line and path (never a traceback)."""

from __future__ import annotations

import re

import pytest
from catalogue_helpers import edit_yaml, replace_text

from kiosk.catalogue.loader import check_catalogue, load_catalogue
from kiosk.errors import CatalogueError

LOCATED = re.compile(r"^forms/[\w/.-]+\.yaml:\d+( \S+)?: .+")
FORM_IDS = {"juminido", "kokuho", "nenkin", "jidoteate", "kodomo_iryo", "inkan", "juminhyo", "mynumber_card", "gakko", "kaigo"}
GUIDANCE_ONLY = {"kouki", "inu", "shogai_techo", "zairyu"}


def test_shipped_catalogue_has_no_problems():
    assert check_catalogue() == []


def test_shipped_catalogue_content(catalogue):
    assert set(catalogue.forms) == FORM_IDS
    for pid in GUIDANCE_ONLY:
        assert catalogue.procedures[pid].forms == ()
        assert catalogue.procedures[pid].guidance["ja"]
    for proc in catalogue.procedures.values():
        assert proc.counter in catalogue.counters
        assert proc.when, f"{proc.id} has a navigator rule"
    assert len(catalogue.version) == 16
    assert catalogue.languages == ("ja", "ja-easy", "en", "zh-Hans", "ko", "vi", "tl", "ne", "pt-BR", "id")


def test_version_is_a_content_hash(forms_copy):
    before = load_catalogue(forms_copy).version
    assert load_catalogue(forms_copy).version == before
    replace_text(forms_copy / "procedures.yaml", "30日以内", "31日以内")
    assert load_catalogue(forms_copy).version != before


def problems_after(forms_copy, file: str, old: str, new: str) -> list[str]:
    replace_text(forms_copy / file, old, new)
    problems = check_catalogue(forms_copy)
    assert problems, "the mistake must be reported"
    for problem in problems:
        assert LOCATED.match(problem), problem
    return problems


# A mistake made in one definition: (file, its text, the text mistaken, what is reported: a pattern
# one problem has, after the file, its line and the path located in it).
MISTAKES = [
    pytest.param("forms/gakko.yaml", "field: person.school_prev", "field: person.school_before",
                 r"^forms/forms/gakko\.yaml:.*unknown field 'person\.school_before'", id="unknown field reference"),
    pytest.param("forms/kaigo.yaml", "qr: 5\n", "qr: 4\n", r"kaigo\.yaml.*qr: duplicate QR key 4", id="duplicate QR key"),
    pytest.param("navigator.yaml", "when: person.age >= 40", "when: person.age >= (40",
                 r"navigator\.yaml.*\.when: does not parse: column", id="condition that does not parse"),
    pytest.param("navigator.yaml", "when: answers.has_dog", "when: answers.has_cat",
                 r"navigator\.yaml:\d+ rules\[\d+\]\.when: unknown answer 'answers\.has_cat'",
                 id="condition naming an unknown answer"),
    pytest.param("forms/kokuho.yaml", "person.insurance == 'none'", "person.insurence == 'none'",
                 r"kokuho\.yaml.*unknown answer 'person\.insurence'", id="person condition naming an unknown answer"),
    pytest.param("fields.yaml", ", vi: Họ tên,", ",", r"^forms/fields\.yaml:\d+ fields\[\d+\]\.label\.vi: missing",
                 id="missing translation"),
    pytest.param("procedures.yaml", "{市民課|しみんか}", "{市民課|しみんか", r"ja-easy: unbalanced furigana markup",
                 id="unbalanced furigana"),
    pytest.param("fields.yaml", "default: 1\n", "default: one\n", r"fields\.yaml.*\.default: type mismatch",
                 id="type mismatch in a default"),
    pytest.param("fields.yaml", "default: self", "default: myself", r"\.default: type mismatch",
                 id="enum default that is not an option"),
    pytest.param("fields.yaml", "card: card.sex", "card: card.gender", r"\.card: no card attribute 'card\.gender'",
                 id="card binding to a missing card attribute"),
    pytest.param("navigator.yaml", "code: other_prefecture", "code: same_prefecture",
                 r"navigator\.yaml:\d+ questions\[\d+\]\.options\[1\]\.code: duplicate option code 'same_prefecture'",
                 id="duplicate option code"),
]


@pytest.mark.parametrize(("file", "old", "new", "reported"), MISTAKES)
def test_a_mistake_is_reported_with_its_place(forms_copy, file, old, new, reported):
    problems = problems_after(forms_copy, file, old, new)
    assert any(re.search(reported, p) for p in problems), problems


def test_reused_retired_qr_key(forms_copy):
    edit_yaml(forms_copy / "forms/inkan.yaml", lambda d: d.update(retired_qr_keys=[2]))
    problems = check_catalogue(forms_copy)
    assert any("inkan.yaml" in p and "fields[1].qr: QR key 2 is retired" in p for p in problems)


@pytest.mark.parametrize("unsafe", ["__import__('os')", "answers.__class__", "person.__dict__", "exec('x')"])
def test_unsafe_expression(forms_copy, unsafe):
    problems = problems_after(forms_copy, "navigator.yaml", "when: answers.has_dog", f'when: "{unsafe}"')
    assert any("rules[" in p and ".when: does not parse" in p for p in problems)


def test_my_number_needs_the_forms_legal_basis(forms_copy):
    """PRIV-02: a 個人番号 field only on forms whose definition records the legal basis."""
    problems = problems_after(forms_copy, "forms/kaigo.yaml", "my_number_basis:", "notes_basis:")
    assert any("kaigo.yaml" in p for p in problems)
    edit_yaml(forms_copy / "forms/kaigo.yaml", lambda d: d.pop("notes_basis"))
    problems = check_catalogue(forms_copy)
    assert any("kaigo.yaml" in p and "needs the form's my_number_basis" in p for p in problems)


def test_overlapping_boxes_and_boxes_off_the_page(forms_copy):
    def move(data):
        data["fields"][1]["box"] = data["fields"][0]["box"]
        data["fields"][2]["box"] = [150, 280, 80, 10]

    edit_yaml(forms_copy / "forms/juminhyo.yaml", move)
    problems = check_catalogue(forms_copy)
    assert any("juminhyo.yaml" in p and "overlaps" in p for p in problems)
    assert any("juminhyo.yaml" in p and "leaves the printable A4 area" in p for p in problems)


def test_person_rows_must_not_overlap(forms_copy):
    edit_yaml(forms_copy / "forms/gakko.yaml", lambda d: d["persons"].update(row_pitch=5.0))
    problems = check_catalogue(forms_copy)
    assert any("gakko.yaml" in p and "(person row 2)" in p for p in problems)


def test_schema_errors_are_located(forms_copy):
    problems = problems_after(forms_copy, "forms/nenkin.yaml", "version: 1", "version: first")
    assert any(re.match(r"forms/forms/nenkin\.yaml:\d+ version: 'first' is not of type 'integer'", p) for p in problems)
    problems = problems_after(forms_copy, "fields.yaml", "privacy: basic", "privacy: public")
    assert any("fields.yaml" in p and ".privacy:" in p for p in problems)


def test_yaml_syntax_error_is_located(forms_copy):
    (forms_copy / "forms/inkan.yaml").write_text("id: inkan\nfields: [\n  - oops\n", encoding="utf-8")
    problems = check_catalogue(forms_copy)
    assert any(re.match(r"forms/forms/inkan\.yaml:\d+: YAML: ", p) for p in problems)


def test_every_error_is_reported_at_once(forms_copy):
    replace_text(forms_copy / "forms/gakko.yaml", "field: person.school_prev", "field: person.nope")
    replace_text(forms_copy / "navigator.yaml", "when: answers.has_dog", "when: answers.has_cat")
    replace_text(forms_copy / "fields.yaml", "card: card.sex", "card: card.gender")
    problems = check_catalogue(forms_copy)
    assert len(problems) >= 3
    assert {p.split(":")[0] for p in problems} >= {"forms/forms/gakko.yaml", "forms/navigator.yaml", "forms/fields.yaml"}


def test_load_raises_with_all_problems(forms_copy):
    replace_text(forms_copy / "fields.yaml", "card: card.sex", "card: card.gender")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(forms_copy)
    assert info.value.key == "error.catalogue"
    assert info.value.problems == check_catalogue(forms_copy)


def test_rule_for_an_unknown_procedure_and_procedure_without_rule(forms_copy):
    problems = problems_after(forms_copy, "navigator.yaml", "procedure: inu", "procedure: cat")
    assert any("unknown procedure 'cat'" in p for p in problems)
    assert any("no rule for procedure 'inu'" in p for p in problems)


def test_missing_folder_or_file(forms_copy, tmp_path):
    (forms_copy / "navigator.yaml").unlink()
    assert any(p.startswith("forms/navigator.yaml:1: missing file") for p in check_catalogue(forms_copy))
    assert check_catalogue(tmp_path / "nowhere")


def test_municipal_variant_applies(catalogue):
    plain = catalogue.procedures["kodomo_iryo"].guidance["ja"]
    midori = load_catalogue(municipality="999991").procedures["kodomo_iryo"].guidance["ja"]
    assert plain != midori and "みどり町" in midori


def test_published_schemas_are_valid_json_schema():
    import json

    import jsonschema

    from kiosk.catalogue.schemas import SCHEMA_DIR

    names = sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    assert names == ["catalogue.schema.json", "fields.schema.json", "form.schema.json", "household.schema.json",
                     "navigator.schema.json", "procedures.schema.json"]
    for name in names:
        jsonschema.Draft202012Validator.check_schema(json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))
