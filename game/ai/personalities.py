"""The AI personalities (scenarios/personalities.yaml, loaded and checked by game.content):
which one an AI seat plays, by role and id."""
from __future__ import annotations

from functools import lru_cache

from game.content.schema import Personality


@lru_cache(maxsize=1)
def builtin_personalities() -> dict[str, dict[str, Personality]]:
    from game.content.loader import load_personalities
    return load_personalities()


def personalities_of(role: str, scenario=None) -> dict[str, Personality]:
    """The personalities available to `role` (the first is its default). A scenario may add
    its own (`Scenario.personalities`, when the content layer provides them)."""
    out = dict(builtin_personalities().get(role, {}))
    extra = getattr(scenario, "personalities", None) or {}
    out.update(extra.get(role, {}))
    return out


def personality_for(role: str, which=None, scenario=None) -> Personality:
    """`which`: None (the role's default), an id, or a Personality."""
    if isinstance(which, Personality):
        return which
    table = personalities_of(role, scenario)
    if which is None:
        return next(iter(table.values()))
    try:
        return table[which]
    except KeyError:
        raise ValueError(f"unknown personality '{which}' for {role}; "
                         f"known: {', '.join(table)}") from None
