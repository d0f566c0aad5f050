"""Shuffled split of time-ordered data.

## What it does
Reports `train_test_split` (which shuffles unless `shuffle=False`) and
`KFold(shuffle=True)` / `ShuffleSplit` applied to data that is time-ordered:
sorted or indexed by a date/time column, read with dates as its index
(`parse_dates=` with `index_col=`), or a script that builds windows with
`timeseries_dataset_from_array`. A date column alone (customers with a signup
date) does not make the rows a time series.

## Why is this bad?
With a shuffled split, the model trains on the future and is tested on the
past: neighbouring time steps, nearly identical, land on both sides, so the
test score measures interpolation, not forecasting, and collapses in
production. Time-ordered data is split chronologically: the test period comes
after the training period (`shuffle=False`, `TimeSeriesSplit`).

## Fix safety
No automatic fix: `shuffle=False` is right for a hold-out split, but a
K-fold loop needs `TimeSeriesSplit`.

## References
- Chollet, Deep Learning with Python, "A temperature-forecasting example"
- https://scikit-learn.org/stable/modules/cross_validation.html#time-series-split
"""

import re

import libcst as cst

from kerlint.analysis.collect import argument
from kerlint.analysis.data import lineage
from kerlint.analysis.values import evaluate
from kerlint.rulekit import Finding, Program

CODE = "KER201"
NAME = "shuffled-time-series-split"
SEVERITY = "W"

BAD = [
    '''
    import pandas as pd
    from sklearn.model_selection import train_test_split
    from tensorflow import keras

    df = pd.read_csv("energy.csv", parse_dates=["timestamp"]).sort_values("timestamp")
    features = df[["temperature", "humidity", "load"]].values
    target = df["load"].shift(-1).fillna(0).values
    x_train, x_test, y_train, y_test = train_test_split(features, target, test_size=0.2)  # expect: KER201
    ''',
]

GOOD = [
    '''
    import pandas as pd
    from sklearn.model_selection import train_test_split
    from tensorflow import keras

    df = pd.read_csv("energy.csv", parse_dates=["timestamp"]).sort_values("timestamp")
    features = df[["temperature", "humidity", "load"]].values
    target = df["load"].shift(-1).fillna(0).values
    x_train, x_test, y_train, y_test = train_test_split(features, target, test_size=0.2, shuffle=False)
    ''',
    '''
    import pandas as pd
    from sklearn.model_selection import train_test_split

    df = pd.read_csv("customers.csv", parse_dates=["signup_date"])
    x_train, x_test = train_test_split(df.drop(columns=["churn", "signup_date"]).values, test_size=0.2)
    ''',
]

_TIME_NAME = re.compile(r"date|time|timestamp|datetime|day|month|year|period", re.IGNORECASE)
_READERS = frozenset({"pandas.read_csv", "pandas.read_excel", "pandas.read_parquet", "pandas.read_json", "pandas.read_table"})


def check(program: Program):
    file_is_time_series = any(program.qualify(s.node.func) == "keras.utils.timeseries_dataset_from_array" for s in program.collected.calls)
    for site in program.collected.calls:
        name = program.qualify(site.node.func)
        if name == "sklearn.model_selection.train_test_split" and site.node.args:
            shuffle = argument(site.node, None, "shuffle")
            if shuffle is not None and evaluate(shuffle, site.scope, site.order) is False:
                continue
            evidence = _time_evidence(program, site.node.args[0].value, site.scope, site.order)
            if evidence is None and file_is_time_series:
                evidence = "windows made with timeseries_dataset_from_array"
            if evidence is not None:
                yield Finding(site.node.func, f"train_test_split shuffles, but the data is time-ordered ({evidence}): the model trains "
                              "on the future and is tested on the past; pass shuffle=False (test after train)")
        elif isinstance(site.node.func, cst.Attribute) and site.node.func.attr.value == "split" and site.node.args:
            splitter = _shuffling_splitter(program, site.node.func.value, site)
            if splitter is None:
                continue
            evidence = _time_evidence(program, site.node.args[0].value, site.scope, site.order)
            if evidence is not None:
                yield Finding(site.node.func, f"{splitter} shuffles time-ordered data ({evidence}): use TimeSeriesSplit")


def _time_evidence(program: Program, expr, scope, order):
    """Why the data an expression comes from is ordered in time, or None."""
    for node, n_scope, n_order in lineage(program.finder, expr, scope, order):
        if not isinstance(node, cst.Call):
            continue
        qualified = program.qualify(node.func)
        # A date column alone does not order the rows (customers with a signup date);
        # dates as the index, or rows sorted by time, do.
        if qualified in _READERS and argument(node, None, "parse_dates") is not None and argument(node, None, "index_col") is not None:
            return f"read with a date index at {program.where(node)}"
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("sort_values", "set_index", "sort_index") and node.args:
            key = evaluate(node.args[0].value, n_scope, n_order)
            keys = key if isinstance(key, list) else [key]
            if any(isinstance(k, str) and _TIME_NAME.search(k) for k in keys):
                return f"{func.attr.value}({program.source_of(node.args[0].value)}) at {program.where(node)}"
    return None


def _shuffling_splitter(program: Program, expr, site):
    from kerlint.analysis.values import follow

    found, scope, order = follow(expr, site.scope, site.order) if isinstance(expr, cst.Name) else (expr, site.scope, site.order)
    if not isinstance(found, cst.Call):
        return None
    name = (program.qualify(found.func) or "").rsplit(".", 1)[-1]
    if name in ("ShuffleSplit", "StratifiedShuffleSplit"):
        return name
    if name in ("KFold", "StratifiedKFold", "RepeatedKFold"):
        shuffle = argument(found, None, "shuffle")
        if shuffle is not None and evaluate(shuffle, scope, order) is True or name == "RepeatedKFold":
            return f"{name}(shuffle=True)" if name != "RepeatedKFold" else name
    return None
