"""How long the YAML budget takes to refuse hostile files (alias bomb, 40 MB, deep nesting,
too many aliases, invalid UTF-8), each read as a catalogue file and as a plain values file.

    .venv/bin/python bench/hostile_yaml.py

Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.catalogue import source  # noqa: E402


def files() -> dict[str, bytes]:
    bomb = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return {
        "alias bomb (9^10)": ("\n".join(bomb) + "\n").encode(),
        "101 aliases": b"base: &b x\nrefs:\n" + b"".join(b"  - *b\n" for _ in range(101)),
        "nesting 100000 deep": b"k: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
        "40 MB scalar": b"title: " + b"x" * (40 * 1024 * 1024) + b"\n",
        "invalid UTF-8": b"id: x\ntitle: \xff\n",
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, content in files().items():
            path = Path(tmp) / "hostile.yaml"
            path.write_bytes(content)
            start = time.perf_counter()
            _doc, problems = source.read(path, "hostile.yaml")
            catalogue_ms = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            _data, plain = source.load_limited(path, "hostile.yaml")
            plain_ms = (time.perf_counter() - start) * 1000
            print(f"{name:22} catalogue {catalogue_ms:7.1f} ms  values {plain_ms:7.1f} ms  {problems[0]}")


if __name__ == "__main__":
    main()
