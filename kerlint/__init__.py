"""kerlint: a static-analysis linter for Keras training code."""

__version__ = "0.1.0"
