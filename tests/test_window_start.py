"""Starting the window: --lang wins over the saved setting for that run, and with no display the
game says so in a sentence and exits non-zero instead of waiting in a window nobody sees."""
from __future__ import annotations

import json

import pygame
import pytest

from game import cli
from game.i18n import get_language


@pytest.fixture
def saved_korean(data_dir):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_text(json.dumps({"lang": "ko"}), encoding="utf-8")
    return data_dir


@pytest.mark.parametrize("chosen, expected", [(True, "en"), (False, "ko")])
def test_lang_on_the_command_line_wins_over_the_saved_setting(saved_korean, chosen, expected):
    from game.ui.app import App
    app = App("en", size=(960, 600), fullscreen=False, lang_chosen=chosen)
    try:
        assert app.settings.lang == expected and get_language() == expected
    finally:
        pygame.quit()


def test_the_command_line_passes_lang_to_the_window(monkeypatch):
    seen = {}
    import game.ui
    monkeypatch.setattr(game.ui, "run", lambda lang, lang_chosen=False: seen.update(lang=lang, chosen=lang_chosen) or 0)
    assert cli.main(["--lang", "en"]) == 0
    assert seen == {"lang": "en", "chosen": True}
    assert cli.main([]) == 0
    assert seen["chosen"] is False


def test_no_display_is_a_sentence_and_a_non_zero_exit(monkeypatch, data_dir, capsys):
    # what SDL does with no display: it picks its offscreen driver by itself
    monkeypatch.delenv("SDL_VIDEODRIVER", raising=False)
    monkeypatch.setattr(pygame.display, "get_driver", lambda: "offscreen")
    code = cli.main([])
    err = capsys.readouterr().err
    assert code != 0
    assert "cannot open here" in err and "no display" in err and "Traceback" not in err
    pygame.quit()


@pytest.mark.parametrize("text", ["[" * 100000 + "]" * 100000, '{"lang": "ko", "timer_minutes": ' + "9" * 5000 + "}",
                                  "x" * 200000, '{"lang": ["ko"], "large_text": "yes", "timer_minutes": {"a": 1}}',
                                  "\xff\xfe"], ids=["deep", "digits", "huge", "types", "bytes"])
def test_a_hostile_settings_file_gives_the_defaults_and_the_window_opens(data_dir, text):
    from game.ui.app import App, Settings
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "settings.json").write_bytes(text.encode("utf-8", "surrogateescape") if text != "\xff\xfe"
                                             else b"\xff\xfe")
    s = Settings.load("en")
    assert s.lang == "en" and s.large_text is False and s.timer_minutes == 5
    app = App("en", size=(960, 600), fullscreen=False)
    pygame.quit()
