"""Validate against the shared contracts (../shared/contracts), read in place, never copied.

    schema_errors(instance, "digisos/json/soknad/soknad.json")  # [] when valid
    undeclared_properties(instance, "digisos/json/soknad/soknad.json")  # keys no schema names

A schema's relative $refs resolve against the file they are in. The validator class follows the
schema's "$schema" (draft-06 for Digisos); a schema without one (the compiled HSDS schemas) is
read as draft 2020-12. Formats ("uuid", "email", "date-time", ...) are checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import referencing.jsonschema
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

PROJECT = Path(__file__).resolve().parents[1]
CONTRACTS = PROJECT.parent / "shared" / "contracts"
DEFAULT_VALIDATOR: type[jsonschema.Validator] = jsonschema.Draft202012Validator


@cache
def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _path(uri: str) -> Path:
    parts = urlsplit(uri)
    path = Path(unquote(parts.path)).resolve()
    if parts.scheme != "file" or not path.is_relative_to(CONTRACTS.resolve()):
        # Only the contracts, never the network.
        raise NoSuchResource(ref=uri)  # type: ignore[call-arg]
    return path


def _validator_class(schema: Any) -> type[jsonschema.Validator]:
    cls: type[jsonschema.Validator] = validator_for(schema, default=DEFAULT_VALIDATOR)
    return cls


def _retrieve(uri: str) -> Resource[Any]:
    contents = _load(_path(uri))
    dialect = _validator_class(contents).META_SCHEMA["$schema"]
    default = referencing.jsonschema.specification_with(dialect)
    return Resource.from_contents(contents, default_specification=default)


# referencing builds its classes with attrs through its own wrapper, which mypy cannot see into.
_REGISTRY: Registry[Any] = Registry(retrieve=_retrieve)  # type: ignore[call-arg]


def _uri(relative_path: str) -> str:
    return (CONTRACTS / relative_path).resolve().as_uri()


@cache
def schema_validator(relative_path: str) -> jsonschema.Validator:
    """A validator for the schema at CONTRACTS / relative_path.

    It validates against {"$ref": <the file's URI>}, so the schema is retrieved like any other
    file and its relative $refs resolve against its own folder (an "$id" added to the schema
    would not do: up to draft-07, keywords beside a root "$ref" are ignored).
    """
    schema = _load(_path(_uri(relative_path)))
    cls = _validator_class(schema)
    cls.check_schema(schema)
    return cls({"$ref": _uri(relative_path)}, registry=_REGISTRY, format_checker=cls.FORMAT_CHECKER)


def schema_errors(instance: Any, relative_path: str) -> list[str]:
    """Every validation error as "path: message", with the reasons under oneOf/anyOf indented."""
    errors = sorted(
        schema_validator(relative_path).iter_errors(instance),
        key=lambda error: (list(map(str, error.absolute_path)), error.message),
    )
    return [line for error in errors for line in _lines(error, 0)]


def _lines(error: jsonschema.ValidationError, depth: int) -> Iterator[str]:
    yield f"{'  ' * depth}{error.json_path}: {error.message}"
    for sub in error.context or ():
        yield from _lines(sub, depth + 1)


def undeclared_properties(instance: Any, relative_path: str) -> list[str]:
    """Keys of `instance` that no schema for their place names, as paths ("$.data.typo").

    The contracts mostly allow any extra property, so a misspelled key would still validate;
    this finds them. A key counts as declared when any schema that can apply at its place
    ($ref, allOf, anyOf, oneOf followed) lists it, or allows others by patternProperties or a
    schema for additionalProperties.
    """
    resolved = _REGISTRY.resolver().lookup(_uri(relative_path))
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
