"""Contract checks for tests: validation from kompanjong.core.contracts, plus a check that no
key is misspelled (the contracts allow extra properties, so validation alone would not see one).

    schema_errors(instance, "digisos/json/soknad/soknad.json")  # [] when valid
    undeclared_properties(instance, "digisos/json/soknad/soknad.json")  # keys no schema names
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kompanjong.core.contracts import (
    REGISTRY,
    schema_errors,
    schema_uri,
    schema_validator,
)

CONTRACTS = Path(__file__).resolve().parents[1].parent / "shared" / "contracts"

__all__ = ["CONTRACTS", "schema_errors", "schema_validator", "undeclared_properties"]


def undeclared_properties(instance: Any, relative_path: str) -> list[str]:
    """Keys of `instance` that no schema for their place names, as paths ("$.data.typo").

    The contracts mostly allow any extra property, so a misspelled key would still validate;
    this finds them. A key counts as declared when any schema that can apply at its place
    ($ref, allOf, anyOf, oneOf followed) lists it, or allows others by patternProperties or a
    schema for additionalProperties.
    """
    resolved = REGISTRY.resolver().lookup(schema_uri(relative_path))
    schema, resolver = resolved.contents, resolved.resolver
    found: list[str] = []
    _walk(instance, [(schema, resolver)], "$", found)
    return found


Scoped = tuple[Any, Any]  # (schema, resolver for its $refs)


def _expand(scoped: list[Scoped]) -> list[Scoped]:
    """The schemas that can apply at one place: $ref and the combinators followed."""
    result: list[Scoped] = []
    seen: set[int] = set()
    pending = list(scoped)
    while pending:
        schema, resolver = pending.pop()
        if not isinstance(schema, dict) or id(schema) in seen:
            continue
        seen.add(id(schema))
        result.append((schema, resolver))
        if isinstance(schema.get("$ref"), str):
            resolved = resolver.lookup(schema["$ref"])
            pending.append((resolved.contents, resolved.resolver))
        for keyword in ("allOf", "anyOf", "oneOf"):
            pending += [(sub, resolver) for sub in schema.get(keyword) or ()]
    return result


def _walk(instance: Any, scoped: list[Scoped], path: str, found: list[str]) -> None:
    schemas = _expand(scoped)
    if isinstance(instance, dict):
        # A place no schema lists properties for is free-form, and so is one that allows more.
        open_ended = not any("properties" in schema for schema, _ in schemas) or any(
            schema.get("patternProperties") or isinstance(schema.get("additionalProperties"), dict)
            for schema, _ in schemas
        )
        for key, value in instance.items():
            subschemas = [
                (schema["properties"][key], resolver)
                for schema, resolver in schemas
                if key in (schema.get("properties") or {})
            ]
            if subschemas:
                _walk(value, subschemas, f"{path}.{key}", found)
            elif not open_ended:
                found.append(f"{path}.{key}")
    elif isinstance(instance, list):
        items = [
            (schema["items"], resolver)
            for schema, resolver in schemas
            if isinstance(schema.get("items"), dict)
        ]
        for index, item in enumerate(instance):
            if items:
                _walk(item, items, f"{path}[{index}]", found)
