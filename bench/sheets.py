"""Benchmark: sheet render time, bundle time from "confirm" to spooled, and KS1 QR versions.

    .venv/bin/python bench/sheets.py [--queue QUEUE] [--repeat N]
    script/with-services .venv/bin/python bench/sheets.py      # spools on the test cups-pdf queue

Uses the shipped catalogue and invented specimen households (every field filled: a worst case).
"typical" is a household of 4, "maximal" one of 6. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: E402

from kiosk.catalogue.loader import load_catalogue  # noqa: E402
from kiosk.ks1 import Signer, encode_sheet  # noqa: E402
from kiosk.sheets import build_bundle, render_sheet  # noqa: E402
from kiosk.sheets.specimen import specimen_values  # noqa: E402

FAMILY_FORMS = ("juminido", "mynumber_card", "kokuho", "nenkin", "jidoteate", "kodomo_iryo", "gakko", "juminhyo")
VALIDITY = dt.timedelta(days=30)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queue", default=os.environ.get("KIOSK_TEST_PRINTER"), help="CUPS queue to spool to")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    catalogue = load_catalogue()
    signer = Signer(ed25519.Ed25519PrivateKey.generate())
    now = dt.datetime.now(dt.UTC)
    common = dict(signer=signer, iss=999991, kiosk_id="kiosk-bench", now=now, validity=VALIDITY)
    render_sheet(catalogue.forms["juminido"], encode_sheet(catalogue.forms["juminido"], specimen_values(
        catalogue.forms["juminido"], 1), **common), municipality="みどり町")  # load fonts once

    print("form           persons  blob B  QR ver  EC  encode ms  render ms  pages")
    for form_id in sorted(catalogue.forms):
        form = catalogue.forms[form_id]
        for label, persons in (("typical", 4), ("maximal", 6)):
            values = specimen_values(form, persons)
            enc, ren = [], []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                sheet = encode_sheet(form, values, **common)
                t1 = time.perf_counter()
                result = render_sheet(form, sheet, municipality="みどり町")
                t2 = time.perf_counter()
                enc.append(t1 - t0)
                ren.append(t2 - t1)
            print(f"{form_id:14} {label[:3]} {len(values.persons):2}  {sheet.blob_size:6}  "
                  f"{'+'.join(map(str, sheet.versions)):>6}  {'/'.join(sheet.levels):2}  {_ms(statistics.median(enc))}"
                  f"    {_ms(statistics.median(ren))}  {result.pages:5}")

    items = [(catalogue.forms[f], specimen_values(catalogue.forms[f], 4)) for f in FAMILY_FORMS]
    procedures = [p for p in catalogue.procedures.values() if set(p.forms) & set(FAMILY_FORMS)]
    queue = None
    if args.queue:
        from kiosk.print_queue import PrintQueue

        queue = PrintQueue(args.queue)
    print(f"\nbundle: family of four, {len(items)} forms, guide slip in en; spooled to: {args.queue or '(no queue)'}")
    for mode, paper in (("sheets", "a4"), ("ticket", "a4"), ("ticket", "80mm")):
        build, spool = [], []
        for _ in range(max(1, args.repeat // 2)):
            t0 = time.perf_counter()
            bundle = build_bundle(items, municipality="みどり町", mode=mode, ticket_paper=paper, lang="en",
                                  procedures=procedures, counters=catalogue.counters, **common)
            t1 = time.perf_counter()
            if queue is not None:
                queue.check()
                for document in bundle.documents:
                    queue.submit(document.pdf, title=document.title)
            t2 = time.perf_counter()
            build.append(t1 - t0)
            spool.append(t2 - t0)
        pages = sum(d.pages for d in bundle.documents)
        spooled = f"{_ms(statistics.median(spool))} ms to spooled" if queue else "not spooled"
        print(f"  {mode:6} {paper:4}: {len(bundle.documents)} PDFs, {pages} pages; build {_ms(statistics.median(build))} ms;"
              f" {spooled}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
