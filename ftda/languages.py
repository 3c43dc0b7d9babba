"""Languages a person speaks, as ISO 639-3 codes with their French names (pycountry).

The list keeps the languages that have an ISO 639-1 code plus the languages of the people
FTDA receives that have none (Dari, Soninké, Mandingue, Tamazight…).
"""

import gettext

import pycountry

EXTRA_ISO_639_3 = (
    "prs",
    "snk",
    "mnk",
    "tzm",
    "kab",
    "ful",
    "dyu",
    "bjn",
    "ckb",
    "kmr",
    "rom",
    "mos",
    "sus",
)


def _french_names():
    return gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["fr"], fallback=True)


def _choices():
    translate = _french_names().gettext
    languages = [
        lang
        for lang in pycountry.languages
        if hasattr(lang, "alpha_2") or lang.alpha_3 in EXTRA_ISO_639_3
    ]
    choices = {lang.alpha_3: translate(lang.name) for lang in languages}
    return sorted(choices.items(), key=lambda item: item[1].casefold())


LANGUAGE_CHOICES = _choices()
LANGUAGE_NAMES = dict(LANGUAGE_CHOICES)


def validate_language_code(code):
    from django.core.exceptions import ValidationError

    if code not in LANGUAGE_NAMES:
        raise ValidationError(f"Langue inconnue : « {code} ».")
