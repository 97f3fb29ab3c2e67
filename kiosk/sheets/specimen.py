"""Specimen values for any form: an invented household (緑川 family of みどり町) filling every field,
for layout previews, the QR budget check and benchmarks. Never real personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.catalogue.model import Form, FormField, FormValues
from kiosk.catalogue.types import SampleHints
from kiosk.errors import ValidationError
from kiosk.ks1.values import check_values

NAMES = ("緑川 一郎", "緑川 花子", "緑川 健太", "緑川 さくら", "緑川 大輔", "緑川 和子")
KANA = ("ミドリカワ イチロウ", "ミドリカワ ハナコ", "ミドリカワ ケンタ", "ミドリカワ サクラ", "ミドリカワ ダイスケ",
        "ミドリカワ カズコ")
BIRTHS = (dt.date(1984, 5, 12), dt.date(1986, 11, 3), dt.date(2014, 4, 20), dt.date(2017, 8, 8),
          dt.date(1956, 2, 28), dt.date(1958, 7, 1))
ADDRESS = "みどり町中央三丁目12番地の4 みどりハイツ205号室"
OLD_ADDRESS = "架空県あおば市本町一丁目2番3号 あおばマンション1101号室"
SHORT_ADDRESS = "みどり町中央三丁目12番地の4"
LONG_TEXT = "前の市役所で手続き済み。書類は窓口で確認をお願いします。"


def _candidates(ff: FormField, row: int | None, today: dt.date) -> list[Any]:
    i = row or 0
    hints = SampleHints(
        today=today, row=row, names=(NAMES[i % len(NAMES)] if row is not None else NAMES[0], "緑川"),
        kana=KANA[i % len(KANA)], birth=BIRTHS[i % len(BIRTHS)], address=ADDRESS, old_address=OLD_ADDRESS,
        short_address=SHORT_ADDRESS, notes=(LONG_TEXT, "特記事項なし", "なし", "1"),
        phones=("099-999-0000", "09999990000"), postal_codes=("9999999", "9990001"),
    )
    return list(ff.field.kind.samples(ff.field, hints))


def specimen_values(form: Form, persons: int = 6, today: dt.date = dt.date(2026, 4, 1)) -> FormValues:
    """Values that pass the form's checks, every fillable field filled; ``persons`` rows (capped by the form)."""
    rows = min(persons, form.persons.max_rows) if form.persons else 0
    plan: dict[tuple[int | None, str], list[Any]] = {}
    for ff in form.fields:
        if not ff.handwrite:
            plan[(None, ff.id)] = _candidates(ff, None, today)
    person_fields = form.persons.fields if form.persons else ()
    for r in range(rows):
        for ff in person_fields:
            if not ff.handwrite:
                plan[(r, ff.id)] = _candidates(ff, r, today)
    for _attempt in range(200):
        household = {fid: c[0] for (row, fid), c in plan.items() if row is None and c}
        people = [{fid: c[0] for (row, fid), c in plan.items() if row == r and c} for r in range(rows)]
        values = FormValues(form.id, household=household, persons=people)
        try:
            return check_values(form, values)
        except ValidationError as exc:
            fid = exc.params.get("field_id")
            row = exc.params.get("row")
            key = (row if isinstance(row, int) else None, fid)
            if key not in plan or not plan[key]:
                raise
            plan[key] = plan[key][1:]  # try the next candidate, or leave the field empty
    raise ValidationError(f"{form.id}: no specimen values pass the checks", key="print.invalid_values")
