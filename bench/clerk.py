"""Clerk station: scan-to-verdict time (median, p95).

    .venv/bin/python bench/clerk.py [--database URL] [--runs 200] [--people 2]

Measures, on a 住民異動届 of an invented household signed by a fresh kiosk key:
  typed   the string a keyboard-wedge scanner delivers → verdict (normalise, verify, replay lookup,
          audit entry), as the station does on Enter;
  image   a sheet rendered at 200 dpi → zxing-cpp → verdict;
  receive 受付 (the receipt insert with its audit entry).
Also prints the code length and the typing time a wedge scanner needs at ~2 ms per character.
The database defaults to a temporary SQLite file; pass a PostgreSQL URL to measure a shared server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

VALUES = {
    "household": {
        "filing.date": "2026-04-01", "move.kind": "move_in", "move.date": "2026-03-28", "household.kind": "new",
        "address.new_postal_code": "9999999", "address.new": "みどり町中央三丁目12番地の4 みどりハイツ205号室",
        "address.previous": "架空県あおば市本町一丁目2番3号", "filer.name": "緑川 一郎", "filer.phone": "099-999-0000",
    },
    "persons": [
        {"person.name": n, "person.name_kana": k, "person.birth_date": b, "person.sex": s, "person.relationship": r}
        for n, k, b, s, r in (
            ("緑川 一郎", "ミドリカワ イチロウ", "1984-05-12", "male", "head"),
            ("緑川 花子", "ミドリカワ ハナコ", "1986-11-03", "female", "spouse"),
            ("緑川 健太", "ミドリカワ ケンタ", "2014-04-20", "male", "child"),
            ("緑川 さくら", "ミドリカワ サクラ", "2017-08-08", "female", "child"),
            ("緑川 大輔", "ミドリカワ ダイスケ", "1956-02-28", "male", "parent"),
            ("緑川 和子", "ミドリカワ カズコ", "1958-07-01", "female", "parent"),
        )
    ],
}


def trusted_signer(db: Any, key_dir: Path, kiosk_id: str, now: dt.datetime, actor: str) -> Any:
    """The signer of kiosk ``kiosk_id``: its keys made in ``key_dir`` a day before ``now``, its
    public key on ``db``'s trust list (imported by ``actor``)."""
    from kiosk import keys
    from kiosk.clerk import trustlist

    keys.init_keys(key_dir, kiosk_id=kiosk_id, now=now - dt.timedelta(days=1))
    trustlist.import_entries(db, json.dumps(keys.export_entry(key_dir)), actor=actor)
    return keys.load_signer(key_dir)


def figures(name: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"{name:8} n={len(samples):4}  median {statistics.median(samples) * 1000:7.2f} ms  p95 {p95 * 1000:7.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=None, help="database URL (default: temporary SQLite)")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--people", type=int, default=2, choices=range(1, 7))
    args = parser.parse_args()

    from kiosk.catalogue.loader import load_catalogue
    from kiosk.catalogue.model import FormValues
    from kiosk.clerk.station import AUTHENTIC, Station
    from kiosk.ks1 import encode_sheet
    from kiosk.sheets import render_sheet
    from kiosk.storage.database import Database

    work = Path(tempfile.mkdtemp(prefix="clerk-bench-"))
    db = Database(args.database or f"sqlite:///{work / 'bench.sqlite3'}")
    db.upgrade()
    now = dt.datetime.now(dt.UTC)
    signer = trusted_signer(db, work / "keys", "kiosk-bench", now, actor="bench")
    catalogue = load_catalogue()
    form = catalogue.forms["juminido"]
    station = Station(db, station_id="bench", catalogue=catalogue, issuer=999991)

    def sheet():
        values = FormValues("juminido", dict(VALUES["household"]), [dict(p) for p in VALUES["persons"][:args.people]])
        return encode_sheet(form, values, signer=signer, iss=999991, kiosk_id="kiosk-bench", now=now,
                            validity=dt.timedelta(days=30))

    sample = sheet()
    code = sample.qr_strings[0]
    print(f"form juminido, {args.people} person(s): {len(sample.qr_strings)} symbol(s), version {sample.versions}, "
          f"level {sample.levels}, blob {sample.blob_size} bytes, {len(code)} characters")
    print(f"wedge typing at ~2 ms/character: ~{len(code) * 2 / 1000:.2f} s (before the station sees Enter)")
    print(f"database: {db.dialect}")

    typed, received = [], []
    for _ in range(args.runs):
        s = sheet()
        start = time.perf_counter()
        result = station.scan(s.qr_strings[0], staff_id="bench")
        typed.append(time.perf_counter() - start)
        assert result.banner == AUTHENTIC, result
        start = time.perf_counter()
        station.receive(result.record, staff_id="bench")
        received.append(time.perf_counter() - start)

    import pypdfium2

    images = []
    for i in range(max(10, args.runs // 10)):
        s = sheet()
        pdf = render_sheet(form, s, municipality="みどり町").pdf
        document = pypdfium2.PdfDocument(pdf)
        png = work / f"sheet{i}.png"
        document[0].render(scale=200 / 72, grayscale=True).to_pil().save(png)
        document.close()
        start = time.perf_counter()
        result = station.scan_image(png, staff_id="bench")
        images.append(time.perf_counter() - start)
        assert result.banner == AUTHENTIC, result

    print(figures("typed", typed))
    print(figures("image", images))
    print(figures("receive", received))
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
