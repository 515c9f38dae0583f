"""Language switching, gettext catalogs and number formatting.

UI and engine strings are English msgids translated through gettext catalogs in
`locale/<lang>/LC_MESSAGES/messages.po` (managed with babel). The .po files are compiled to
.mo in memory at first use, so a fresh checkout needs no build step.

Content text (cards, scenarios) is not in catalogs: it lives in YAML as {ko, en} mappings and
is picked with `pick()`.

Korean templates write a particle that follows a placeholder in the paired notation, e.g.
`{role}이(가) {option}을(를) 골랐다`; `translate` (and `.format()` on what `_` returns) puts in
the form that fits the word the placeholder became. Templates are filled by a narrow formatter
that allows only plain `{name}` fields. See `game/i18n/korean.py` and `locale/README.md`.
"""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager

import gettext as _gettext
import io
import locale as _locale
import os
from typing import Mapping

from babel.numbers import format_decimal

from game.engine.constants import LANGS
from game.i18n import korean
from game.resources import data_dir

LOCALE_DIR = data_dir("locale")
DOMAIN = "messages"

_current = "en"
# A thread's own language, over the window's (`using_language`): the device server renders each
# seat's page in the seat's language while the window keeps its own.
_local = threading.local()
_translations: dict[str, _gettext.NullTranslations] = {}


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate later with `_`)."""
    return message


def _load(lang: str) -> _gettext.NullTranslations:
    if lang in _translations:
        return _translations[lang]
    po_path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    trans: _gettext.NullTranslations
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with open(po_path, "rb") as fh:
            catalog = read_po(fh, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        trans = _gettext.GNUTranslations(buf)
    except (OSError, ValueError):
        # No catalog for this language (e.g. English, whose msgids are the text): identity.
        trans = _gettext.NullTranslations()
    _translations[lang] = trans
    return trans


def is_msgid(text: object) -> bool:
    """Whether `text` is one of the game's own message ids (a string of the Korean catalogue,
    which translates every msgid): what a message read from a file must be before it is shown."""
    if not isinstance(text, str):
        return False
    catalog = getattr(_load("ko"), "_catalog", None)
    return bool(catalog) and text in catalog


def set_language(lang: str) -> None:
    global _current
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGS)}")
    _current = lang


def get_language() -> str:
    return getattr(_local, "lang", None) or _current


@contextmanager
def using_language(lang: str):
    """Within the block, this thread's texts are in `lang` (other threads keep theirs)."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGS)}")
    before = getattr(_local, "lang", None)
    _local.lang = lang
    try:
        yield
    finally:
        _local.lang = before


def system_language() -> str:
    """Korean if the system locale is Korean, otherwise English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    try:
        loc = _locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "ko" if loc.lower().startswith("ko") else "en"


def gettext(message: str, lang: str | None = None) -> str:
    """The translation of `message`; a Korean template with particle pairs comes back as a
    `korean.ParticleTemplate`, whose `.format()` resolves them."""
    return korean.template(_load(lang or get_language()).gettext(message))


def ngettext(singular: str, plural: str, n: int, lang: str | None = None) -> str:
    return korean.template(_load(lang or get_language()).ngettext(singular, plural, n))


_ = gettext


def section_text(section: str, lang: str | None = None) -> str:
    """A paper section as a reader of `lang` writes it: "III.3(1)" everywhere, "footnote 4" as
    "각주 4" in Korean (sections are data, written in the paper's English numbering)."""
    lang = lang or get_language()
    if lang == "ko" and isinstance(section, str):
        return re.sub(r"\bfootnotes?\b", "각주", section)
    return section


def translate(msgid: str, params: Mapping[str, object] | None = None, lang: str | None = None) -> str:
    """Translate an engine message id and fill its {named} parameters, numbers formatted (a
    `section` parameter as `section_text` writes it), Korean particles chosen by the words the
    parameters became. Only plain `{name}` fields are filled (`korean.fill`): a template with
    attribute access, indexing or format specs raises ValueError."""
    lang = lang or get_language()
    template = gettext(msgid, lang)
    if not params:
        return str(template)
    shown = {k: (format_number(v, lang) if isinstance(v, (int, float)) and not isinstance(v, bool) else
                 _param_text(v, lang)) for k, v in params.items()}
    if "section" in shown:
        shown["section"] = section_text(shown["section"], lang)
    return korean.fill(template, shown)


def _param_text(value: object, lang: str) -> str:
    """Engine log parameters: a nested message {msg, params}, a content text {ko, en}, a list
    of indicator changes [[label, delta], ...], a list of names, or a label msgid."""
    if isinstance(value, Mapping):
        if "msg" in value:
            return translate(value["msg"], value.get("params"), lang)
        return pick(value, lang)
    if isinstance(value, (list, tuple)):
        if not value:
            return gettext("no change", lang)
        if all(isinstance(v, (list, tuple)) and len(v) == 2 for v in value):
            # [label, delta] pairs: a label is always a msgid (or a nested message)
            return ", ".join(f"{gettext(label, lang) if isinstance(label, str) and label else _param_text(label, lang)}"
                             f" {format_signed(delta, lang)}".strip() for label, delta in value)
        return ", ".join(_param_text(v, lang) for v in value)
    if isinstance(value, str):
        return gettext(value, lang) if value in _PARAM_MSGIDS else value
    return str(value)


# Parameters that are themselves message ids (role and indicator names) get translated.
_PARAM_MSGIDS: set[str] = set()


def register_param_msgids(msgids) -> None:
    _PARAM_MSGIDS.update(msgids)


def _register_engine_labels() -> None:
    from game.engine.labels import INDICATOR_LABELS, KIND_LABELS, PHASE_LABELS, ROLE_LABELS
    register_param_msgids(KIND_LABELS.values())
    register_param_msgids(ROLE_LABELS.values())
    register_param_msgids(INDICATOR_LABELS.values())
    register_param_msgids(PHASE_LABELS.values())


_register_engine_labels()


def pick(text: Mapping[str, str] | None, lang: str | None = None) -> str:
    """The text in `lang`, falling back ko -> en -> any."""
    if not text:
        return ""
    lang = lang or get_language()
    for candidate in (lang, "ko" if lang != "ko" else "en", "en"):
        value = text.get(candidate)
        if value:
            return value
    return next(iter(text.values()), "")


def format_number(value: float, lang: str | None = None, digits: int = 1) -> str:
    lang = lang or get_language()
    if isinstance(value, int) or float(value).is_integer():
        text = format_decimal(int(round(value)), locale=lang)
    else:
        text = format_decimal(round(float(value), digits), format=f"#,##0.{'#' * digits}", locale=lang)
    return text.replace("-", "−")  # the typographic minus, as format_signed writes it


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: Hangul and other wide characters count twice."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """Left-align `text` in `width` terminal columns (str.ljust counts Hangul as one)."""
    return text + " " * max(0, width - display_width(text))


def format_signed(value: float, lang: str | None = None) -> str:
    """A change with its sign; one that shows as zero has none ("economy 0", not "−0")."""
    text = format_number(abs(value), lang)
    if text == "0":
        return text
    return ("+" if value >= 0 else "−") + text
