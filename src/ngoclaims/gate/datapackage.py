"""data/datapackage.json, a Frictionless Data Package generated from schema.py, so other
tools can read the tables; a test keeps the committed file equal to what this writes.
"""

from __future__ import annotations

import json
from pathlib import Path

from ngoclaims import paths
from ngoclaims.claims import schema

# Table Schema types of the schema's types; a period and a date are strings of a pattern.
_TYPES = {
    "string": "string",
    "number": "number",
    "integer": "integer",
    "period": "string",
    "date": "string",
}


def field(table: schema.Table, col: schema.Column) -> dict:
    """The Table Schema field of a column: its type and the schema's constraints on it,
    a text form's pattern being the one of schema.FORMS that the loader and GX match.
    """
    f: dict = {"name": col.name, "type": _TYPES[col.type], "description": col.description}
    constraints: dict = {}
    if col.required:
        constraints["required"] = True
    if col.enum is not None:
        constraints["enum"] = list(col.enum)
    if col.minimum is not None:
        constraints["minimum"] = col.minimum
    if col.maximum is not None:
        constraints["maximum"] = col.maximum
    form = table.form(col)
    if form is not None and _TYPES[col.type] == "string":
        constraints["pattern"] = schema.FORMS[form]
    if constraints:
        f["constraints"] = constraints
    return f


def package() -> dict:
    """The data package: one tabular resource per table of schema.TABLES."""
    resources = []
    for t in schema.TABLES.values():
        res_schema: dict = {
            "fields": [field(t, c) for c in t.columns],
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
    """The committed form of data/datapackage.json."""
    return json.dumps(package(), indent=2, ensure_ascii=False) + "\n"


def write(path: Path | None = None) -> Path:
    """Write the data package (by default data/datapackage.json); return its path."""
    path = path or paths.here().datapackage
    path.write_text(render(), encoding="utf-8")
    return path
