"""Localisation: every string reaches the catalogs, Korean is complete, numbers follow the locale."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from game import i18n

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{(\w*)\}|%\((\w+)\)\w|%s")


def _ids(catalog):
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def _source_ids():
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
            str(ROOT / "game"), method_map=[("**.py", "python")],
            keywords={"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_template_is_up_to_date_with_the_source():
    template = read_po(open(ROOT / "locale/messages.pot", "rb"))
    missing = _source_ids() - _ids(template)
    assert not missing, ("strings missing from locale/messages.pot; run the pybabel commands in "
                         f"locale/babel.cfg: {sorted(missing)[:5]}")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_catalogs_cover_the_template(lang):
    template = read_po(open(ROOT / "locale/messages.pot", "rb"))
    catalog = read_po(open(ROOT / f"locale/{lang}/LC_MESSAGES/messages.po", "rb"), locale=lang)
    assert _ids(template) <= _ids(catalog)


def test_every_korean_string_is_translated_with_the_same_placeholders():
    catalog = read_po(open(ROOT / "locale/ko/LC_MESSAGES/messages.po", "rb"), locale="ko")
    untranslated, mismatched = [], []
    for m in catalog:
        if not m.id:
            continue
        msgid = m.id if isinstance(m.id, str) else m.id[0]
        text = m.string if isinstance(m.string, str) else m.string[0]
        if not text:
            untranslated.append(msgid)
        elif sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(text)):
            mismatched.append(msgid)
    assert not untranslated, untranslated[:5]
    assert not mismatched, mismatched[:5]


def test_translate_fills_parameters_in_each_language():
    msg = "{role} chose: {option}"
    params = {"role": "Local government", "option": {"ko": "진단부터 한다", "en": "Diagnose first"}}
    assert i18n.translate(msg, params, "en") == "Local government chose: Diagnose first"
    ko = i18n.translate(msg, params, "ko")
    assert "지방정부" in ko and "진단부터 한다" in ko
    changes = {"changes": [["absorptive capacity", 2.5], ["idle assets", -1]]}
    assert i18n.translate("{changes}", changes, "en") == "absorptive capacity +2.5, idle assets −1"
    assert "정책수용능력" in i18n.translate("{changes}", changes, "ko") or "수용능력" in i18n.translate("{changes}", changes, "ko")


def test_numbers_follow_the_locale():
    assert i18n.format_number(12345.678, "en") == "12,345.7"
    assert i18n.format_number(3, "ko") == "3"
    assert i18n.format_signed(-2.5, "en") == "−2.5"


def test_text_fallback_and_language_switch():
    assert i18n.pick({"ko": "가", "en": "A"}, "en") == "A"
    assert i18n.pick({"ko": "가"}, "en") == "가"          # falls back when English is missing
    assert i18n.pick({"en": "A"}, "ko") == "A"
    with pytest.raises(ValueError):
        i18n.set_language("fr")
    previous = i18n.get_language()
    try:
        i18n.set_language("ko")
        assert i18n._("Deals:") != "Deals:"
        i18n.set_language("en")
        assert i18n._("Deals:") == "Deals:"
    finally:
        i18n.set_language(previous)


def test_paper_sections_read_in_korean_in_the_report():
    from game.content.loader import load_scenario
    from game.debrief.report import build_table, render_report
    from game.headless import play_game
    from game.i18n import section_text
    assert section_text("footnote 4", "ko") == "각주 4"
    assert section_text("III.3(1), footnote 5", "ko") == "III.3(1), 각주 5"
    assert section_text("footnote 4", "en") == "footnote 4"
    state = play_game(load_scenario("manufacturing-hub"), 4)
    en = render_report([build_table(state, "hub.json", counterfactuals=False)], "en")
    ko = render_report([build_table(state, "hub.json", counterfactuals=False)], "ko")
    assert "footnote" in en           # the game does cite a footnote
    assert "footnote" not in ko and "각주" in ko


@pytest.mark.parametrize("value, shown", [(-0.03, "0"), (0.0, "0"), (-0.0, "0"), (0.26, "+0.3"), (-2.0, "−2"),
                                          (1234.5, "+1,234.5")])
def test_a_signed_change_that_shows_as_zero_has_no_sign(value, shown):
    from game.i18n import format_signed
    assert format_signed(value, "en") == shown
