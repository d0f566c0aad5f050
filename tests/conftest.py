import sys
from pathlib import Path

# tests/expectations.py is a helper module of the suite.
sys.path.insert(0, str(Path(__file__).resolve().parent))


def pytest_terminal_summary(terminalreporter):
    """Say it loudly when the claims against the real Keras did not run."""
    import importlib.util

    if importlib.util.find_spec("tensorflow") is None:
        terminalreporter.write_line(
            "WARNING: TensorFlow/Keras is not installed: the rules' claims about Keras were NOT checked "
            "(pip install -e '.[test]').",
            red=True,
        )


def pytest_configure(config):
    """The suite never writes a cache into the checkout: one temporary cache for the run."""
    import os
    import tempfile

    os.environ.setdefault("KERLINT_CACHE_DIR", tempfile.mkdtemp(prefix="kerlint-test-cache-"))
