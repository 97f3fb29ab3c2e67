from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sample_keys import signer, trust  # noqa: E402,F401 - fixtures
