"""Fixtures for printing tests: keys and trust for sample forms, those of tests/ks1/sample_keys.py
(the real CUPS queue is the shared ``printer_queue``/``pdf_dir`` of tests/conftest.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ks1"))
# tests/printing must not shadow the top-level ``printing`` package (as a namespace package)
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
if "printing" in sys.modules and getattr(sys.modules["printing"], "__file__", None) is None:
    del sys.modules["printing"]

from sample_keys import signer, trust  # noqa: E402,F401 - fixtures
