"""Kanji candidates: time to build the index from the Debian SKK dictionaries, and lookup p95.

Run: .venv/bin/python bench/kanji.py
"""

from __future__ import annotations

import statistics
import time

from kiosk.kanji import KanjiIndex

READINGS = ("そうた", "もりやま", "もりやま そうた", "もりやまそうた", "たかはし", "よしだ", "さくら", "ゆい",
            "はると", "みどりかわ ようこ", "さ", "そ", "もり")


def main() -> None:
    start = time.perf_counter()
    index = KanjiIndex.load()
    load = time.perf_counter() - start
    times = []
    for _ in range(200):
        for reading in READINGS:
            t = time.perf_counter()
            index.candidates(reading, ["森山"])
            index.single(reading)
            times.append((time.perf_counter() - t) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"kanji index load: {load * 1000:.0f} ms (missing: {', '.join(index.missing) or 'none'})")
    print(f"candidate lookup: p95 {p95:.3f} ms, max {max(times):.3f} ms over {len(times)} lookups")


if __name__ == "__main__":
    main()
