"""Snapshot published JSON schemas and tell breaking changes from compatible ones.

A change is compatible when a consumer built on the old schema still understands new messages and
a consumer built on the new schema still understands old ones: no property removed, no property's
type changed, no newly required property, no enum value removed. Adding an optional property is
compatible. Run `python -m daikou_contracts.compat --write` to record new or compatible schemas.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from daikou_contracts.registry import all_payload_classes

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"

Schema = dict[str, Any]


def current_schemas() -> dict[str, Schema]:
    """The JSON schema of every registered payload, keyed by `<type>.v<version>`."""
    return {
        cls.routing_key(): cls.model_json_schema()
        for cls in all_payload_classes()
        if cls.__module__.startswith("daikou_contracts.")
    }


def _resolve(node: Schema, root: Schema) -> Schema:
    ref = node.get("$ref")
    if not ref:
        return node
    name = ref.rsplit("/", 1)[-1]
    return _resolve(root["$defs"][name], root)


def _variants(node: Schema, root: Schema) -> list[Schema]:
    node = _resolve(node, root)
    if "anyOf" in node:
        return [v for sub in node["anyOf"] for v in _variants(sub, root)]
    return [node]


def _shape(node: Schema) -> str:
    return str(node.get("type", "object" if "properties" in node else "any"))


def breaking_changes(old: Schema, new: Schema, path: str = "$") -> list[str]:
    """Every breaking difference between two schemas of one message, as readable lines."""
    return _compare(old, old, new, new, path)


def _compare(old: Schema, old_root: Schema, new: Schema, new_root: Schema, path: str) -> list[str]:
    old_v, new_v = _variants(old, old_root), _variants(new, new_root)
    problems: list[str] = []
    new_by_shape = {_shape(v): v for v in new_v}
    for variant in old_v:
        match = new_by_shape.get(_shape(variant))
        if match is None:
            problems.append(f"{path}: type {_shape(variant)} no longer accepted")
            continue
        problems += _compare_node(variant, old_root, match, new_root, path)
    for variant in new_v:
        if _shape(variant) not in {_shape(v) for v in old_v}:
            problems.append(f"{path}: new type {_shape(variant)} unknown to old consumers")
    return problems


def _compare_node(
    old: Schema, old_root: Schema, new: Schema, new_root: Schema, path: str
) -> list[str]:
    problems: list[str] = []
    if "enum" in old or "enum" in new:
        removed = set(old.get("enum", [])) - set(new.get("enum", []))
        added = set(new.get("enum", [])) - set(old.get("enum", []))
        if removed:
            problems.append(f"{path}: enum values removed {sorted(removed)}")
        if added and old.get("enum"):
            problems.append(f"{path}: enum values added {sorted(added)} unknown to old consumers")
    if old.get("format") != new.get("format"):
        problems.append(f"{path}: format {old.get('format')} -> {new.get('format')}")
    if "items" in old and "items" in new:
        problems += _compare(old["items"], old_root, new["items"], new_root, f"{path}[]")
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, sub in old_props.items():
        if name not in new_props:
            problems.append(f"{path}.{name}: removed")
        else:
            problems += _compare(sub, old_root, new_props[name], new_root, f"{path}.{name}")
    newly_required = set(new.get("required", [])) - set(old.get("required", []))
    for name in sorted(newly_required):
        problems.append(f"{path}.{name}: newly required")
    return problems


def snapshot_path(key: str, directory: Path = SCHEMA_DIR) -> Path:
    """Where a message's schema snapshot is kept."""
    return directory / f"{key}.json"


def check_all(directory: Path = SCHEMA_DIR) -> dict[str, list[str]]:
    """Breaking changes per message against the snapshots; a missing snapshot is a problem too."""
    report: dict[str, list[str]] = {}
    for key, schema in current_schemas().items():
        path = snapshot_path(key, directory)
        if not path.exists():
            report[key] = ["no snapshot: run `python -m daikou_contracts.compat --write`"]
            continue
        problems = breaking_changes(json.loads(path.read_text()), schema)
        if problems:
            report[key] = problems
    return report


def write_all(directory: Path = SCHEMA_DIR) -> list[str]:
    """Record the current schemas, refusing to overwrite a snapshot with a breaking change."""
    report = {k: v for k, v in check_all(directory).items() if not v[0].startswith("no snapshot")}
    if report:
        raise SystemExit(f"breaking changes, publish a new version instead: {report}")
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for key, schema in current_schemas().items():
        snapshot_path(key, directory).write_text(
            json.dumps(schema, indent=2, sort_keys=True) + "\n"
        )
        written.append(key)
    return written


def main() -> None:
    """Check (default) or write the schema snapshots."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="record new or compatible schemas")
    args = parser.parse_args()
    if args.write:
        print("\n".join(write_all()))
        return
    report = check_all()
    for key, problems in report.items():
        print(f"{key}:\n  " + "\n  ".join(problems))
    raise SystemExit(1 if report else 0)


if __name__ == "__main__":
    main()
