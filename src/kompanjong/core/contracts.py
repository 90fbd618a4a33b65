"""Validate against the shared contracts (settings.CONTRACTS_DIR), read in place, never copied.

    schema_errors(instance, "digisos/json/soknad/soknad.json")  # [] when valid
    contract_errors(instance, ...)  # the same as {"path", "message"} items, for API answers

A schema's relative $refs resolve against the file they are in. The validator class follows the
schema's "$schema" (draft-06 for Digisos); a schema without one (the compiled HSDS schemas) is
read as draft 2020-12. Formats ("uuid", "email", "date-time", ...) are checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import referencing.jsonschema
from django.conf import settings
from jsonschema.validators import validator_for
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

DEFAULT_VALIDATOR: type[jsonschema.Validator] = jsonschema.Draft202012Validator


@cache
def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def contracts_dir() -> Path:
    return Path(settings.CONTRACTS_DIR).resolve()


def _path(uri: str) -> Path:
    parts = urlsplit(uri)
    path = Path(unquote(parts.path)).resolve()
    if parts.scheme != "file" or not path.is_relative_to(contracts_dir()):
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
REGISTRY: Registry[Any] = Registry(retrieve=_retrieve)  # type: ignore[call-arg]


def schema_uri(relative_path: str) -> str:
    return (contracts_dir() / relative_path).resolve().as_uri()


@cache
def schema_validator(relative_path: str) -> jsonschema.Validator:
    """A validator for the schema at CONTRACTS_DIR / relative_path.

    It validates against {"$ref": <the file's URI>}, so the schema is retrieved like any other
    file and its relative $refs resolve against its own folder (an "$id" added to the schema
    would not do: up to draft-07, keywords beside a root "$ref" are ignored).
    """
    schema = _load(_path(schema_uri(relative_path)))
    cls = _validator_class(schema)
    cls.check_schema(schema)
    return cls(
        {"$ref": schema_uri(relative_path)}, registry=REGISTRY, format_checker=cls.FORMAT_CHECKER
    )


def schema_errors(instance: Any, relative_path: str) -> list[str]:
    """Every validation error as "path: message", with the reasons under oneOf/anyOf indented."""
    errors = sorted(
        schema_validator(relative_path).iter_errors(instance),
        key=lambda error: (list(map(str, error.absolute_path)), error.message),
    )
    return [line for error in errors for line in _lines(error, 0)]


@dataclass(frozen=True)
class ContractError:
    path: str  # JSON path of the failing value, e.g. "$.hendelser[2].status"
    message: str


def contract_errors(instance: Any, relative_path: str) -> list[ContractError]:
    """Every place the instance breaks the schema (the reasons under oneOf flattened).

    Text holding a NUL character is refused too: JSON allows "\\u0000", but PostgreSQL cannot
    store it, and no person or case system means it.
    """
    errors = sorted(
        schema_validator(relative_path).iter_errors(instance),
        key=lambda error: (list(map(str, error.absolute_path)), error.message),
    )
    return [ContractError(error.json_path, _best(error).message) for error in errors] + [
        ContractError(path, "Text may not contain the NUL character (\\u0000).")
        for path in _nul_paths(instance, "$")
    ]


def _nul_paths(value: Any, path: str) -> Iterator[str]:
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                yield path
            yield from _nul_paths(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_paths(item, f"{path}[{index}]")


def _best(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For a oneOf over event types, the reason from the branch that matched the type."""
    return jsonschema.exceptions.best_match([error]) or error


def _lines(error: jsonschema.ValidationError, depth: int) -> Iterator[str]:
    yield f"{'  ' * depth}{error.json_path}: {error.message}"
    for sub in error.context or ():
        yield from _lines(sub, depth + 1)
