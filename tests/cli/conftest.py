import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for path in (ROOT, ROOT / "tests" / "inventory"):  # tools.prism; inventory_support (the fake providers)
    if str(path) not in sys.path:
        sys.path.append(str(path))
