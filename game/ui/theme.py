"""Colours, sizes and the pygame_gui theme. One place, so a projector-friendly change is one edit."""
from __future__ import annotations

from game.resources import data_dir

FONT_DIR = data_dir("assets") / "fonts"
FONT_REGULAR = FONT_DIR / "NotoSansKR-Regular.ttf"
FONT_BOLD = FONT_DIR / "NotoSansKR-Bold.ttf"

BG = (18, 24, 38)
PANEL = (28, 36, 54)
PANEL_LIGHT = (40, 50, 72)
TEXT = (232, 236, 244)
MUTED = (150, 160, 180)
ACCENT = (92, 170, 255)
GOOD = (96, 200, 120)
BAD = (240, 96, 90)
WARN = (245, 190, 80)
CURTAIN = (8, 10, 16)
FOCUS = (255, 210, 90)

BASE_SIZE = 16          # body text at 1280×720
BASE_HEIGHT = 720       # the window height the base sizes are drawn for
LARGE_FACTOR = 1.35     # the "larger text" setting, for projectors
BUTTON_PAD = 10         # a button's text padding, each side


def scale(height: int = BASE_HEIGHT) -> float:
    """How much bigger than at 720 px everything is in a window `height` px tall: text and
    spacing follow the window's height, never below the 720 sizes (960×600 keeps them)."""
    return max(1.0, height / BASE_HEIGHT)


def sizes(large: bool, height: int = BASE_HEIGHT) -> dict[str, int]:
    """Font sizes for a window `height` px tall: 1280×720 body 16 (large 22), 1920×1080 body 24
    (large 32), 3840×2160 body 48 (large 65). The one rule for every screen's text and spacing."""
    f = (LARGE_FACTOR if large else 1.0) * scale(height)
    return {"small": round(13 * f), "body": round(BASE_SIZE * f), "heading": round(22 * f),
            "title": round(40 * f)}


def hex_colour(rgb) -> str:
    """`rgb` as pygame_gui's themes and text boxes' <font color> write it."""
    return "#%02x%02x%02x" % rgb


def gui_theme(large: bool, height: int = BASE_HEIGHT) -> dict:
    """The pygame_gui theme. The Korean font is set for every element and every locale: its
    font map is per locale, and Korean content must never show as boxes in the English UI."""
    s = sizes(large, height)
    font = {"name": "noto_sans_kr", "size": str(s["body"]), "regular_path": str(FONT_REGULAR),
            "bold_path": str(FONT_BOLD)}
    colours = {
        "normal_bg": hex_colour(PANEL_LIGHT), "hovered_bg": "#3c5a86", "disabled_bg": "#23283a",
        "selected_bg": "#2f6fb8", "active_bg": "#2f6fb8", "dark_bg": hex_colour(PANEL),
        "normal_text": hex_colour(TEXT), "hovered_text": "#ffffff", "disabled_text": "#7a8294",
        "selected_text": "#ffffff", "active_text": "#ffffff",
        "normal_border": "#4a5878", "hovered_border": "#7fa8e0", "disabled_border": "#30364a",
        "selected_border": hex_colour(FOCUS), "active_border": hex_colour(FOCUS),
        "link_text": hex_colour(ACCENT), "link_hover": "#a8d0ff", "link_selected": "#a8d0ff",
        "text_cursor": "#ffffff", "filled_bar": hex_colour(ACCENT), "unfilled_bar": "#3a4256",
    }
    misc = {"shape": "rounded_rectangle", "shape_corner_radius": "6", "border_width": "1",
            "shadow_width": "0", "text_horiz_alignment_padding": str(BUTTON_PAD)}
    theme = {"defaults": {"font": font, "colours": colours, "misc": misc}}
    for element in ("button", "label", "text_box", "text_entry_line", "text_entry_box", "drop_down_menu",
                    "selection_list", "horizontal_slider", "tool_tip", "window", "panel"):
        theme[element] = {"font": font}
    theme["label"]["misc"] = {"text_horiz_alignment": "left"}
    # a drop-down's rows (its selection list) are 20 px by default: letters lost their bottoms
    theme["selection_list"]["misc"] = {**misc, "list_item_height": str(round(s["body"] * 1.9))}
    # labels sit on the background: no box of their own
    theme["label"]["colours"] = {**colours, "dark_bg": "#00000000"}
    theme["@heading"] = {"font": {**font, "size": str(s["heading"]), "bold": "1"},
                         "misc": {"text_horiz_alignment": "left"}}
    theme["@title"] = {"font": {**font, "size": str(s["title"]), "bold": "1"},
                       "misc": {"text_horiz_alignment": "center"}}
    theme["@subtitle"] = {"font": {**font, "size": str(s["heading"]), "bold": "1"},
                          "misc": {"text_horiz_alignment": "center"}}
    theme["@muted"] = {"font": {**font, "size": str(s["small"])},
                       "colours": {**colours, "normal_text": hex_colour(MUTED), "dark_bg": "#00000000"},
                       "misc": {"text_horiz_alignment": "left"}}
    theme["@caption"] = {**theme["@muted"], "misc": {"text_horiz_alignment": "center"}}
    # the small wrapped text beside a list's buttons (an action's cost and tags): no box of its own
    theme["@note"] = {"font": {**font, "size": str(s["small"])},
                      "colours": {**colours, "dark_bg": "#00000000", "normal_border": "#00000000"},
                      "misc": {"border_width": "0", "padding": "0,0", "shadow_width": "0"}}
    # wrapped body text on the background (the end screen's verdict): no box of its own
    theme["@bare"] = {"colours": theme["@note"]["colours"], "misc": theme["@note"]["misc"]}
    theme["@note_centred"] = {"font": {**font, "size": str(s["body"])},
                              "colours": {**colours, "dark_bg": "#00000000", "normal_border": "#00000000",
                                          "normal_text": hex_colour(MUTED)},
                              "misc": {"border_width": "0", "padding": "0,0", "shadow_width": "0",
                                       "text_horiz_alignment": "center"}}
    theme["@primary"] = {"colours": {**colours, "normal_bg": "#2f6fb8", "hovered_bg": "#3f82d0"}}
    theme["@danger"] = {"colours": {**colours, "normal_bg": "#8a3030", "hovered_bg": "#a84040"}}
    return theme
