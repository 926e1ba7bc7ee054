import sys
from pathlib import Path

# inventory_support: the fake providers the CLI tests share with tests/inventory.
INVENTORY_TESTS = Path(__file__).resolve().parents[1] / "inventory"
if str(INVENTORY_TESTS) not in sys.path:
    sys.path.append(str(INVENTORY_TESTS))
