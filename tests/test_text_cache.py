"""game/ui/text.py remembers pygame_gui's text measures and drawn text runs, and measures a miss
with Font.size instead of rendering. Layout must not move by a pixel: a measure that differed
would wrap a line elsewhere and a test of the layout would not notice why."""
from __future__ import annotations

import pygame
import pytest
from babel.messages.pofile import read_po

from game.resources import data_dir


@pytest.fixture(scope="module")
def fonts():
    pygame.init()
    pygame.display.set_mode((64, 64))
    from pygame_gui.core.gui_font_pygame import GUIFontPygame

    import game.ui.text  # noqa: F401  (installs the remembered measures)
    from game.ui.theme import FONT_BOLD, FONT_REGULAR
    made = []
    for path in (FONT_REGULAR, FONT_BOLD):
        for size, italic in ((13, False), (22, True)):
            made.append(GUIFontPygame(str(path), size, force_style=True,
                                      style={"antialiased": True, "italic": italic, "bold": False}))
    return made


def _texts():
    texts = []
    for lang in ("ko", "en"):
        path = data_dir("locale") / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as fh:
            for message in read_po(fh):
                for text in (message.id, message.string):
                    if isinstance(text, str):
                        texts.extend(word for word in text.split(" ") if word)
                        texts.append(text)
    return texts[::23] + [" ", "a b", "가 나", "x\ny", ""]


def _rendered_size(font, text):
    inner = font._GUIFontPygame__internal_font
    if text == "":
        return pygame.Rect(0, 0, 0, 0)
    surf = inner.render(text, font.antialiased, pygame.Color("white"))
    return pygame.Rect((0, inner.get_ascent()), surf.get_size())


def test_a_remembered_measure_is_the_rendered_one_for_every_catalogue_string(fonts):
    from pygame_gui.core.gui_font_pygame import GUIFontPygame
    assert getattr(GUIFontPygame.get_rect, "_cpg_remembered", False)
    texts = _texts()
    assert len(texts) > 500
    for font in fonts:
        for text in texts:
            first = font.get_rect(text)
            assert first == _rendered_size(font, text), (text, font.point_size)
            first.move_ip(5, 5)                 # a caller moving its rect must not move the remembered one
            assert font.get_rect(text) == _rendered_size(font, text)


def test_a_text_of_no_width_is_refused_as_pygame_gui_refuses_it(fonts):
    with pytest.raises(pygame.error):
        fonts[0].get_rect("\u200b")


def test_a_remembered_run_draws_the_same_pixels_and_hands_out_a_copy(fonts):
    font = fonts[0]
    colour = pygame.Color(200, 180, 40, 255)
    first = font.render_premul_to("정책 실패 Policy", colour, (200, 40), (3, 30))
    first_pixels = pygame.image.tobytes(first, "RGBA")
    first.fill((0, 0, 0, 0))                    # the caller tints what it gets in place
    again = font.render_premul_to("정책 실패 Policy", colour, (200, 40), (3, 30))
    assert pygame.image.tobytes(again, "RGBA") == first_pixels
    assert again is not first


@pytest.mark.parametrize("lines", (2, 60))
def test_a_text_box_shows_what_pygame_gui_shows_with_and_without_a_scroll_bar(fonts, lines):
    """The game's TextBox skips pygame_gui's first drawing of a text too tall for its box; what it
    shows, and its scroll bar, must be pygame_gui's own."""
    import pygame_gui

    from game.ui import theme
    from game.ui.text import TextBox
    manager = pygame_gui.UIManager((400, 300), theme.gui_theme(False, 720))
    manager.preload_fonts([{"name": "noto_sans_kr", "point_size": theme.sizes(False, 720)["body"], "style": "bold"}])
    html = "<br>".join(f"<b>{i}</b> 지역 혁신 클러스터 round {i}: funds, trust and a long line that wraps"
                       for i in range(lines))
    shown = []
    for kind in (pygame_gui.elements.UITextBox, TextBox):
        box = kind(html, pygame.Rect(10, 10, 300, 200), manager)
        manager.update(0.0)
        bar = box.scroll_bar
        shown.append((pygame.image.tobytes(box.image, "RGBA"), box.text_box_layout.layout_rect.size,
                      None if bar is None else (tuple(bar.rect), round(bar.visible_percentage, 6))))
        if lines > 2:
            assert bar is not None and box.text_box_layout.finalised_surface is not None
        box.kill()
    assert shown[0] == shown[1]


def test_pygame_gui_translates_its_own_keys_and_leaves_ours_as_they_are(fonts):
    """Texts already translated pass through untouched, and cheaply; pygame_gui's own keys are
    still translated; making managers does not grow the translation search path."""
    import i18n
    import pygame_gui
    from pygame_gui.core.utility import translate

    managers = [pygame_gui.UIManager((200, 100)) for _ in range(3)]
    assert translate("x.y") == "x.y"
    assert len(i18n.load_path) == len(set(i18n.load_path))
    ours = "지역 혁신 클러스터. A sentence with full stops. Round 3."
    for _ in range(2):
        assert translate(ours) == ours
    assert translate("pygame-gui.Cancel") == "Cancel"
    managers[0].set_locale("fr")
    assert translate("pygame-gui.Cancel") != "Cancel"       # pygame_gui's French word
    assert translate(ours) == ours
    managers[0].set_locale("en")
