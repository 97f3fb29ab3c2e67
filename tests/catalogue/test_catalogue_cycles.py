"""``kiosk forms check`` refuses dependency cycles, naming the file and line of every element:
a question cycle (conditions reading each other's answers: the navigator would silently drop
procedures) and a derivation cycle (derive expressions reading each other: the values stay empty)."""

from __future__ import annotations

from pathlib import Path

from catalogue_helpers import check, replace_text

from kiosk.catalogue.checks import find_cycles


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_question_cycle_is_refused_with_every_file_and_line(forms_copy, capsys):
    nav = forms_copy / "navigator.yaml"
    replace_text(nav, "  when: answers.event == 'move_in'\n- id: household_kind",
                 "  when: answers.event == 'move_in' and answers.household_kind != 'join'\n- id: household_kind")
    replace_text(nav, "  when: answers.event != 'move_out'\n- id: household_size",
                 "  when: answers.event != 'move_out' and answers.moved_from != 'abroad'\n- id: household_size")
    moved_from = line_of(nav, "answers.household_kind != 'join'")
    household_kind = line_of(nav, "answers.moved_from != 'abroad'")
    code = check(forms_copy)
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    problems = [line for line in err if "question cycle" in line]
    assert len(problems) == 1, err
    assert problems[0].startswith(f"forms/navigator.yaml:{moved_from} ")
    assert f"moved_from (forms/navigator.yaml:{moved_from})" in problems[0]
    assert f"household_kind (forms/navigator.yaml:{household_kind})" in problems[0]


def test_person_question_reading_itself_through_persons_is_a_cycle(forms_copy, capsys):
    nav = forms_copy / "navigator.yaml"
    replace_text(nav, "  when: person.age >= 40\n", "  when: person.age >= 40 and not any(persons, care_cert)\n")
    line = line_of(nav, "not any(persons, care_cert)")
    code = check(forms_copy)
    err = capsys.readouterr().err
    assert code == 1
    assert f"forms/navigator.yaml:{line} questions[" in err
    assert f"question cycle: care_cert (forms/navigator.yaml:{line}) → care_cert" in err


def test_derivation_cycle_is_refused_with_every_file_and_line(forms_copy, capsys):
    fields = forms_copy / "fields.yaml"
    replace_text(fields, "  derive: answers.event\n", "  derive: if_else(values.move.date == null, null, answers.event)\n")
    replace_text(fields, "  derive: answers.move_date\n", "  derive: if_else(values.move.kind == null, null, answers.move_date)\n")
    kind = line_of(fields, "values.move.date == null")
    date = line_of(fields, "values.move.kind == null")
    code = check(forms_copy)
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    problems = [line for line in err if "derivation cycle" in line]
    assert len(problems) == 1, err
    assert problems[0].startswith(f"forms/fields.yaml:{kind} ")
    assert f"move.kind (forms/fields.yaml:{kind}) → move.date (forms/fields.yaml:{date}) → move.kind" in problems[0]


def test_shipped_catalogue_has_no_cycles(capsys):
    from kiosk import paths

    code = check(paths.FORMS_DIR)
    assert code == 0
    assert "cycle" not in capsys.readouterr().err


def test_find_cycles_gives_each_cycle_once_in_reading_order():
    order = ["a", "b", "c", "d", "e"]
    reads = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}
    assert find_cycles(order, reads) == [["a", "b", "c"], ["d"]]
    assert find_cycles(order, {"a": {"b"}, "b": {"c"}}) == []
