"""Kanji candidates: time to build the index from the Debian SKK dictionaries, and lookup p95;
readings of card names (the reverse index and Open JTalk): first call and p95.

Run: .venv/bin/python bench/kanji.py
"""

from __future__ import annotations

import statistics
import time

from kiosk import readings
from kiosk.kanji import KanjiIndex

CARD_NAMES = ("森山　大輔", "森山　由美", "髙橋　一郎", "山﨑　颯太", "緑川　陽子", "鈴木　はな", "吉田　蒼")
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
    start = time.perf_counter()
    readings.reading_texts(CARD_NAMES[0], index)  # builds the words' reverse index, starts Open JTalk
    first = time.perf_counter() - start
    times = []
    for _ in range(20):
        for name in CARD_NAMES:
            t = time.perf_counter()
            readings.reading_texts(name, index)
            times.append((time.perf_counter() - t) * 1000)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(f"card-name readings: first call {first * 1000:.0f} ms, then p95 {p95:.2f} ms over {len(times)} names")


if __name__ == "__main__":
    main()
