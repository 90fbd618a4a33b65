"""Languages by their names in themselves (autonyms): "العربية" for Arabic, "Soomaali" for Somali.

These are the only own-names we show marked with the language's `lang`: a name stored with an
entry may be in any language ("arabisk" from an import), and marking it lang="ar" would make a
screen reader read Norwegian with an Arabic voice.
"""

from __future__ import annotations

from django.conf.locale import LANG_INFO

# The languages an editor can choose (in this order), and more that people in Norway often ask
# for help in and Django does not know.
LANGUAGE_AUTONYMS: dict[str, str] = {
    "nb": "norsk bokmål",
    "nn": "norsk nynorsk",
    "en": "English",
    "ar": "العربية",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "uk": "українська",
    "pl": "polski",
    "fa": "فارسی",
    "ur": "اردو",
    "se": "davvisámegiella",
}
EDITOR_LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_AUTONYMS)
MORE_AUTONYMS: dict[str, str] = {
    "am": "አማርኛ",
    "prs": "دری",
    "ps": "پښتو",
    "ku": "Kurdî",
}


def autonym(code: str) -> str:
    """The language's name in itself, from a list we trust; "" when we do not know it."""
    key = code.strip().lower()
    from_django = str(LANG_INFO.get(key, {}).get("name_local", ""))
    return from_django or LANGUAGE_AUTONYMS.get(key) or MORE_AUTONYMS.get(key, "")
