"""Custom drawing that pygame_gui does not do: the region dashboard with trends, chips."""
from __future__ import annotations

import pygame

from game.engine.constants import BAD_INDICATORS, INDICATORS
from game.i18n import _, format_number, format_signed
from game.presentation import indicator_name

from . import theme


def draw_dashboard(surface: pygame.Surface, fonts, rect: pygame.Rect, obs: dict, sizes: dict,
                   highlight_last: bool = True) -> None:
    """Every indicator: value bar, value, change over the last round, and a sparkline of all
    rounds so far. Then the competitiveness index against the collapse line, and the economy."""
    pygame.draw.rect(surface, theme.PANEL, rect, border_radius=8)
    body, small = sizes["body"], sizes["small"]
    x, y = rect.x + 12, rect.y + 10
    fonts.draw(surface, _("Region"), (x, y), sizes["heading"], theme.TEXT, bold=True)
    y += int(sizes["heading"] * 1.6)
    series = obs["series"]
    row_h = max(30, int((rect.bottom - y - 4 * body) / (len(INDICATORS) + 0.5)))
    label_w = int(rect.w * 0.42)
    bar_w = int(rect.w * 0.22)
    label_h = fonts.font(small).get_linesize()
    for i, key in enumerate(INDICATORS):
        value = obs["region"][key]
        bad = key in BAD_INDICATORS
        fonts.draw(surface, indicator_name(key), (x, y), _fit(fonts, indicator_name(key), small, label_w - 8),
                   theme.MUTED)
        bar = pygame.Rect(x, y + label_h + 1, bar_w, 5)
        pygame.draw.rect(surface, theme.PANEL_LIGHT, bar, border_radius=3)
        fill = bar.copy()
        fill.w = int(bar.w * max(0.0, min(1.0, value / 100.0)))
        colour = (theme.BAD if value > 50 else theme.WARN) if bad else (theme.GOOD if value >= 50 else theme.ACCENT)
        pygame.draw.rect(surface, colour, fill, border_radius=3)
        fonts.draw(surface, format_number(round(value, 1)), (x + label_w, y + 2), body, theme.TEXT, bold=True)
        if highlight_last and len(series) >= 2:
            delta = round(series[-1][i] - series[-2][i], 1)
            if abs(delta) >= 0.1:
                good = (delta < 0) if bad else (delta > 0)
                fonts.draw(surface, format_signed(delta), (x + label_w + int(body * 3.2), y + 4), small,
                           theme.GOOD if good else theme.BAD)
        _sparkline(surface, pygame.Rect(rect.right - int(rect.w * 0.22) - 12, y + 2, int(rect.w * 0.22), row_h - 8),
                   [row[i] for row in series], theme.BAD if bad else theme.ACCENT)
        y += row_h
    y += 4
    comp, line = obs["competitiveness"], obs["collapse_line"]
    colour = theme.BAD if comp < line else (theme.WARN if comp < line + 5 else theme.GOOD)
    fonts.draw(surface, _("Competitiveness index"), (x, y), _fit(fonts, _("Competitiveness index"), small, label_w - 8),
               theme.MUTED)
    fonts.draw(surface, format_number(round(comp, 1)), (x + label_w, y - 2), sizes["heading"], colour, bold=True)
    y += int(sizes["heading"] * 1.4)
    fonts.draw(surface, _("Collapse line {line} · economy {macro}").format(
        line=format_number(line), macro=format_signed(round(obs["macro"], 2))), (x, y), small, theme.MUTED)


def _fit(fonts, text: str, size: int, width: int) -> int:
    """`size`, or smaller until `text` fits `width` (a long label in a narrow panel; never below 10)."""
    while size > 10 and fonts.font(size).size(text)[0] > width:
        size -= 1
    return size


def _sparkline(surface, rect: pygame.Rect, values: list[float], colour) -> None:
    if len(values) < 2:
        pygame.draw.line(surface, theme.PANEL_LIGHT, rect.midleft, rect.midright)
        return
    lo, hi = min(values), max(values)
    span = max(hi - lo, 5.0)
    mid = (hi + lo) / 2
    pts = []
    for k, v in enumerate(values):
        px = rect.x + rect.w * k / (len(values) - 1)
        py = rect.centery - (v - mid) / span * rect.h
        pts.append((px, py))
    pygame.draw.lines(surface, colour, False, pts, 2)
    pygame.draw.circle(surface, colour, pts[-1], 3)


def draw_phase_tracker(surface, fonts, rect: pygame.Rect, phase: str, sizes: dict) -> None:
    from game.engine.labels import PHASE_LABELS
    phases = ("briefing", "event", "negotiation", "actions", "resolution")
    w = rect.w // len(phases)
    labels = [_(PHASE_LABELS[p]) for p in phases]
    size = sizes["small"]            # smaller until the longest name fits its chip (a narrow window)
    while size > 9 and max(fonts.font(size, True).size(t)[0] for t in labels) > w - 10:
        size -= 1
    if max(fonts.font(size, True).size(t)[0] for t in labels) > w - 10:
        return         # no room (large text in a small window): the centre panel names the phase
    for k, p in enumerate(phases):
        chip = pygame.Rect(rect.x + k * w + 2, rect.y, w - 4, rect.h)
        current = p == phase
        pygame.draw.rect(surface, theme.ACCENT if current else theme.PANEL_LIGHT, chip, border_radius=chip.h // 2)
        fonts.draw(surface, labels[k], chip.center, size,
                   (10, 14, 24) if current else theme.MUTED, bold=current, anchor="center")
