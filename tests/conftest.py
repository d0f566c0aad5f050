import sys
from pathlib import Path

# tests/expectations.py is a helper module of the suite.
sys.path.insert(0, str(Path(__file__).resolve().parent))
