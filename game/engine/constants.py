"""Fixed vocabulary of the game: roles, indicators, tags, phases.

Everything here is referenced by scenario files, so renaming an id breaks facilitators' files.
"""
from __future__ import annotations

ROLES: tuple[str, ...] = ("ministry", "local", "firms", "university")
ROLE_INDEX = {r: i for i, r in enumerate(ROLES)}

# Region indicators, all 0–100 (see scenarios/README.md for meanings).
INDICATORS: tuple[str, ...] = (
    "industry", "absorptive", "capability", "network", "external",
    "innovation", "employment", "cohesion", "idle_assets", "lock_in",
)
IND = {name: i for i, name in enumerate(INDICATORS)}
# Indicators where a higher value is worse.
BAD_INDICATORS = frozenset({"idle_assets", "lock_in"})
# The "good" indicators the competitiveness index averages (game.engine.model.competitiveness).
INDEX_INDICATORS: tuple[str, ...] = tuple(k for k in INDICATORS if k not in BAD_INDICATORS)

FAMILIES: tuple[str, ...] = ("A", "B", "C", "D")
FAILURE_IDS: tuple[str, ...] = (
    "A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3", "C4", "C5", "D1", "D2",
)
LESSON_IDS: tuple[str, ...] = ("L1", "L2", "L3", "L4", "L5")
SUCCESS_IDS: tuple[str, ...] = ("S1", "S2", "S3", "S4")
TAG_IDS: tuple[str, ...] = FAILURE_IDS + LESSON_IDS + SUCCESS_IDS

ACTION_KINDS: tuple[str, ...] = (
    "hardware", "programme", "diagnosis", "capacity", "network", "external",
    "lobby", "designation", "coordination", "macro", "welfare", "research",
)
TRIGGER_KINDS: tuple[str, ...] = ("change_of_government", "macro_shock", "election", "custom")
CARD_THEMES: tuple[str, ...] = FAILURE_IDS + ("positive", "neutral")

AGENDA_METRICS: tuple[str, ...] = (
    "visible_built", "budget_kept", "programme_spend", "subsidies", "equipment",
    "deals_kept", "designations",
)

# What the model keeps per role besides its agenda metrics (game.engine.model, scoring):
# legacy and accountability are score points so far; idle_owned and lock_owned are the parts of
# the region's idle assets and political lock-in that the role's own decisions put there.
LEDGER_KEYS: tuple[str, ...] = ("legacy", "accountability", "idle_owned", "lock_owned")
ROLE_METRICS: tuple[str, ...] = AGENDA_METRICS + LEDGER_KEYS

LANGS: tuple[str, ...] = ("ko", "en")

# Phases of a round. Briefing and resolution run automatically inside `apply`.
BRIEFING, EVENT, NEGOTIATION, ACTIONS, RESOLUTION, GAME_OVER = (
    "briefing", "event", "negotiation", "actions", "resolution", "game_over",
)
PHASES = (BRIEFING, EVENT, NEGOTIATION, ACTIONS, RESOLUTION, GAME_OVER)
