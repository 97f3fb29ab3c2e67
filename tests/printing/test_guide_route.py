"""The guide slip prints the order of counters with a waiting number per division queue; the
kiosk draws those numbers when it prints the bundle, and the sheets arrive in the queues under
them when a clerk receives them (issue #17 item 3)."""

from __future__ import annotations

import datetime as dt

import readback
import sample_forms
from sample_forms import NOW

from kiosk.catalogue.model import Counter, Procedure
from kiosk.clerk.record import SheetRecord
from kiosk.routing import queue
from kiosk.routing.divisions import Division, Divisions
from kiosk.sheets import build_bundle, guide_model
from kiosk.storage.database import Database

COUNTERS = {
    "shiminka": Counter("shiminka", {"ja": "市民課", "en": "Residents Section"},
                        place={"ja": "1番窓口", "en": "Counter 1"}, visit_order=1),
    "kokuho": Counter("kokuho", {"ja": "保険年金課", "en": "Insurance and Pension"},
                      place={"ja": "3番窓口", "en": "Counter 3"}, visit_order=2),
}
PROCEDURES = [Procedure("kokuho", {"ja": "国民健康保険", "en": "National Health Insurance"}, "kokuho", ("kokuho",)),
              Procedure("tennyu", {"ja": "転入届", "en": "Moving-in notification"}, "shiminka", ("juminido",))]
DIVISIONS = Divisions({cid: Division.of(c) for cid, c in COUNTERS.items()}, {"juminido": "shiminka", "kokuho": "kokuho"})


def test_the_route_with_numbers_comes_first_on_the_guide_in_the_residents_language() -> None:
    guide = guide_model(PROCEDURES, COUNTERS, lang="en", municipality="みどり町", issued_at=NOW,
                        route=[("shiminka", 4), ("kokuho", 12)])
    first = guide.procedures[0]
    assert first.title == "Your counters and numbers"
    assert first.lines == (("1.", "Counter 1 Residents Section  Number 4（1番窓口 市民課）"),
                           ("2.", "Counter 3 Insurance and Pension  Number 12（3番窓口 保険年金課）"))
    assert [p.title for p in guide.procedures[1:]][0].startswith("National Health Insurance")
    plain = guide_model(PROCEDURES, COUNTERS, lang="en", municipality="みどり町", issued_at=NOW)
    assert len(plain.procedures) == 2  # no numbers, no route block


def test_numbers_drawn_when_the_kiosk_prints_are_on_the_slip_and_in_the_queues(signer, tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'q.sqlite3'}", key_dir=tmp_path / "keys")
    db.upgrade()
    try:
        queue.issue_numbers(db, [("0" * 32, "kokuho")], DIVISIONS, source="kiosk-02")  # 保険年金課 #1 is taken
        items = [(sample_forms.kokuho(), sample_forms.kokuho_values()),
                 (sample_forms.juminido(), sample_forms.juminido_values(2))]
        drawn: list[list[tuple[str, int]]] = []

        def issue(sheets: list[tuple[str, str]]) -> list[tuple[str, int]]:
            stops = [(s.division, s.number) for s in queue.issue_numbers(db, sheets, DIVISIONS, source="kiosk-01").stops]
            drawn.append(stops)
            return stops

        bundle = build_bundle(items, signer=signer, iss=999991, kiosk_id="kiosk-01", municipality="みどり町", now=NOW,
                              validity=dt.timedelta(days=30), procedures=PROCEDURES, counters=COUNTERS, lang="ja",
                              issue_numbers=issue)
        assert drawn == [[("shiminka", 1), ("kokuho", 2)]]  # visit order, whatever the order of the forms
        guide = next(d for d in bundle.documents if d.kind == "guide")
        text = readback.squeeze(readback.text(guide.pdf))
        assert readback.squeeze("窓口の順番と受付番号") in text
        first, second = text.index(readback.squeeze("1番窓口 市民課")), text.index(readback.squeeze("3番窓口 保険年金課"))
        assert first < second
        assert readback.squeeze("受付番号 1") in text and readback.squeeze("受付番号 2") in text
        # The clerk receives the sheets: they arrive under the numbers printed on the slip.
        records = [SheetRecord(sheet_id=s.sheet_id, form_id=s.form_id, form_version=s.form_version, kiosk_id="kiosk-01",
                               issued_at=s.issued_at, expires_at=s.expires_at, confirm_my_number=False,
                               household=dict(s.values.household), persons=[dict(p) for p in s.values.persons])
                   for s in bundle.sheets]
        routed = queue.receive_bundle(db, records, DIVISIONS, station_id="reception-01")
        assert [(s.division, s.number) for s in routed.stops] == [("shiminka", 1), ("kokuho", 2)]
        assert [t.number for t in queue.division_queue(db, "kokuho")] == [2]  # #1 was printed but never came
    finally:
        db.dispose()
