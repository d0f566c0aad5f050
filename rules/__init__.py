"""kerlint's rules, one module per rule (shipped in the wheel as kerlint.rules).

See kerlint/registry.py for what a rule module defines.
"""
