"""Every string is translated to bokmål and nynorsk, and the compiled catalogues match."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "kompanjong" / "locale"


def read_po(path: Path) -> dict[str, str]:
    """msgid → msgstr (plural entries keyed by msgid, with msgstr[0]); skips the header."""
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    key = ""
    fuzzy = False
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith(("msgid ", "msgid_plural ", "msgstr ", "msgstr[0] ", "msgstr[1] ")):
            key, _, literal = line.partition(" ")
            current[key] = ast.literal_eval(literal)
        elif line.startswith('"'):
            current[key] += ast.literal_eval(line)
        elif not line.strip() and current:
            msgid = current.get("msgid", "")
            if msgid:
                entries[msgid] = (
                    "" if fuzzy else current.get("msgstr", current.get("msgstr[0]", ""))
                )
            current, fuzzy = {}, False
    return entries


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_string_is_translated(language: str) -> None:
    entries = read_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    missing = [msgid for msgid, msgstr in entries.items() if not msgstr]
    assert not missing, f"untranslated in {language}: {missing[:10]}"


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_compiled_catalogue_matches_the_po_file(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    entries = read_po(folder / "django.po")
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, msgstr in entries.items()
        if compiled.gettext(msgid) != msgstr and "\x04" not in msgid
    ]
    assert not stale, (
        f"run `make messages`: {language}/django.mo is older than the .po ({stale[:5]})"
    )
