"""The benchmarks' results: a table with each figure's ratio to its target, and a JSON file that
every benchmark adds its keys to (`bench/results/latest.json`, ignored by git)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    Config = TypeVar("Config", bound=DataclassInstance)

RESULTS = Path(__file__).resolve().parents[1] / "bench" / "results" / "latest.json"
PEAKS = frozenset({"rss_mb"})  # peaks: the largest any benchmark of the run saw


@dataclass(frozen=True)
class Row:
    """One figure, its unit and target; `higher` says which way is better."""

    name: str
    value: float
    unit: str
    target: float | None
    higher: bool


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0..100) of `values`, nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def say(what: str) -> None:
    """A progress line."""
    print(f"{time.strftime('%H:%M:%S')} {what}", flush=True)


def with_flags(config: Config, args: argparse.Namespace) -> Config:
    """`config` with every field that was given on the command line set to the flag's value."""
    names = {f.name for f in dataclasses.fields(config)}
    given = {k: v for k, v in vars(args).items() if k in names and v is not None}
    return dataclasses.replace(config, **given)


def print_table(rows: list[Row]) -> None:
    """Figure, target and how far it is: value/target for rates, target/value for latencies."""
    print(f"{'measurement':<44}{'value':>10} {'unit':<8}{'target':>9}{'vs target':>11}")
    for row in rows:
        target = "" if row.target is None else f"{row.target:g}"
        ratio = ""
        if row.target is not None and row.value > 0:
            share = row.value / row.target if row.higher else row.target / row.value
            ratio = f"{share:.0%}" + (" ok" if share >= 1 else "")
        print(f"{row.name:<44}{row.value:>10.1f} {row.unit:<8}{target:>9}{ratio:>11}")


def merge(into: dict[str, Any], new: dict[str, Any], peak: bool = False) -> dict[str, Any]:
    """`new` laid over `into`, nested dictionaries merged key by key; under a key of `PEAKS`,
    a number keeps the larger of the two (several benchmarks report the same process's peak)."""
    for key, value in new.items():
        old = into.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            merge(old, value, peak or key in PEAKS)
        elif peak and isinstance(value, int | float) and isinstance(old, int | float):
            into[key] = max(old, value)
        else:
            into[key] = value
    return into


def save(results: dict[str, Any], path: Path = RESULTS) -> None:
    """Add `results` to the results file (keys of other benchmarks are kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        current = json.loads(path.read_text())
    except (OSError, ValueError):
        current = {}
    path.write_text(json.dumps(merge(current, results), indent=2, sort_keys=True) + "\n")
    print(f"results written to {path}")
