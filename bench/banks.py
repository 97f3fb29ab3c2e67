"""Bank and branch candidates: time to read the zengin-code data into the index, and search p95.

Run: .venv/bin/python bench/banks.py
"""

from __future__ import annotations

import statistics
import time

from kiosk.banks import build_index

BANK_QUERIES = ("み", "みず", "みずほ", "ミツビシ", "ゆうちょ", "ちば", "しんきん", "のうきょう", "0", "00", "0005",
                "9900", "むろらん", "よこはま")
BRANCH_QUERIES = (("0001", "しぶや"), ("0001", "210"), ("0005", "しんじゅく"), ("0009", "ぎんざ"), ("0009", "と"),
                  ("9900", "0"), ("0134", "ちば"))


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


if __name__ == "__main__":
    main()
