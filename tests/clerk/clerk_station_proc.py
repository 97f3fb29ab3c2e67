"""A second clerk station in its own process: waits for a go-file, scans the strings given on
stdin, presses 受付 when the verdict is 真正, and prints one JSON line with what it saw."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> int:
    url, station_id, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    strings = [line.strip() for line in sys.stdin if line.strip()]
    from kiosk.catalogue.loader import load_catalogue
    from kiosk.clerk.station import AUTHENTIC, Station
    from kiosk.storage.database import Database

    station = Station(Database(url), station_id=station_id, catalogue=load_catalogue(), issuer=999991)
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not go.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    result = None
    for text in strings:
        result = station.scan(text, staff_id=f"staff-{station_id}")
    out = {"banner": result.banner}
    if result.banner == AUTHENTIC:
        receipt = station.receive(result.record, staff_id=f"staff-{station_id}")
        out.update(first=receipt.first, where=receipt.station_id)
    elif result.banner == "already_used":
        out.update(where=result.verdict.where)
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
