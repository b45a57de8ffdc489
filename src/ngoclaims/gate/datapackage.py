"""data/datapackage.json, a Frictionless Data Package generated from schema.py, so other
tools can read the tables; a test keeps the committed file equal to what this writes."""

from __future__ import annotations

import json
from pathlib import Path

from ngoclaims import paths
from ngoclaims.claims import schema

_TYPES = {
    "string": "string",
    "number": "number",
    "integer": "integer",
    "period": "string",
    "date": "string",
}
_PATTERNS = {
    "period": r"^(\d{4}|\?)(-(\d{4}|now))?$|^now$",
    "date": r"^\d{4}(-\d{2}(-\d{2})?)?$|^\d{4}/\d{4}$",
}


def field(col: schema.Column) -> dict:
    f: dict = {"name": col.name, "type": _TYPES[col.type], "description": col.description}
    constraints: dict = {}
    if col.required:
        constraints["required"] = True
    if col.enum is not None:
        constraints["enum"] = [e for e in col.enum if e] if not col.required else list(col.enum)
    if col.minimum is not None:
        constraints["minimum"] = col.minimum
    if col.maximum is not None:
        constraints["maximum"] = col.maximum
    if col.type in _PATTERNS:
        constraints["pattern"] = _PATTERNS[col.type]
    if constraints:
        f["constraints"] = constraints
    return f


def package() -> dict:
    resources = []
    for t in schema.TABLES.values():
        res_schema: dict = {
            "fields": [field(c) for c in t.columns],
            "primaryKey": list(t.key) if len(t.key) > 1 else t.key[0],
            "missingValues": [""],
        }
        if t.foreign_keys:
            key_of = {name: schema.TABLES[name].key[0] for name in t.foreign_keys.values()}
            res_schema["foreignKeys"] = [
                {"fields": col, "reference": {"resource": ref, "fields": key_of[ref]}}
                for col, ref in t.foreign_keys.items()
            ]
        resources.append(
            {
                "name": t.name,
                "path": t.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": t.description,
                "schema": res_schema,
            }
        )
    return {
        "name": "ngo-claims-central-asia",
        "title": "Claims of an article on NGOs in Central Asia, and the evidence that checks them",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "profile": "tabular-data-package",
        "resources": resources,
    }


def render() -> str:
    return json.dumps(package(), indent=2, ensure_ascii=False) + "\n"


def write(path: Path | None = None) -> Path:
    path = path or paths.here().datapackage
    path.write_text(render(), encoding="utf-8")
    return path
