"""Bank and branch candidates: time to read the zengin-code data into the index, and search p95;
and the ゆうちょ 記号・番号 conversion (invented numbers, both kinds and a refusal).

Run: .venv/bin/python bench/banks.py
"""

from __future__ import annotations

import statistics
import time

from kiosk import yucho
from kiosk.banks import build_index
from kiosk.errors import ValidationError

BANK_QUERIES = ("み", "みず", "みずほ", "ミツビシ", "ゆうちょ", "ちば", "しんきん", "のうきょう", "0", "00", "0005",
                "9900", "むろらん", "よこはま")
BRANCH_QUERIES = (("0001", "しぶや"), ("0001", "210"), ("0005", "しんじゅく"), ("0009", "ぎんざ"), ("0009", "と"),
                  ("9900", "0"), ("0134", "ちば"))
YUCHO = (("10530", "12345671"), ("00530", "76543"), ("14090", "87654321"), ("20530", "1"))  # the last: refused


def main() -> None:
    loads = []
    for _ in range(5):
        start = time.perf_counter()
        index = build_index()
        loads.append((time.perf_counter() - start) * 1000)
    times = []
    for _ in range(200):
        for query in BANK_QUERIES:
            t = time.perf_counter()
            index.search_banks(query)
            times.append((time.perf_counter() - t) * 1000)
        for bank, query in BRANCH_QUERIES:
            t = time.perf_counter()
            index.search_branches(bank, query)
            times.append((time.perf_counter() - t) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    branches = sum(len(b) for b in index.branches.values())
    print(f"bank index load: median {statistics.median(loads):.0f} ms, max {max(loads):.0f} ms "
          f"({len(index.banks)} banks, {branches} branches)")
    print(f"candidate search: p95 {p95:.3f} ms, max {max(times):.3f} ms over {len(times)} searches")
    converts = []
    for _ in range(500):
        for kigo, bango in YUCHO:
            t = time.perf_counter()
            try:
                yucho.convert(kigo, bango, index)
            except ValidationError:
                pass
            converts.append((time.perf_counter() - t) * 1000)
    print(f"ゆうちょ 記号・番号 conversion: p95 {statistics.quantiles(converts, n=20)[-1]:.4f} ms, "
          f"max {max(converts):.3f} ms over {len(converts)} conversions")


if __name__ == "__main__":
    main()
