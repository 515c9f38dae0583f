"""Scenario check for facilitators: validation, then a quick balance run, then warnings in
plain sentences about what would make the scenario teach badly or run too long."""
from __future__ import annotations

from dataclasses import dataclass

from game.engine.labels import N_

MINUTES_PER_ROUND = (8, 12)      # a workshop round, GAME_DESIGN §4
WORKSHOP_MINUTES = 120
ALWAYS = 0.95                    # "fires in (almost) every game"
COLLAPSE_MOST = 0.5


@dataclass(frozen=True)
class Warning_:
    msg: str                     # English msgid with {params}
    params: dict


def structural_warnings(scenario) -> list[Warning_]:
    """Problems visible without playing: learning goals no card in the deck can surface."""
    out = []
    cards = [scenario.cards[c] for c in set(scenario.deck) | set(scenario.fixed_cards.values())]
    for fid in scenario.learning_failures:
        if not any(c.theme == fid or any(fid in o.tags for o in c.options) for c in cards):
            out.append(Warning_(N_("Learning goal {id} has no card in the deck that can bring it up; add "
                                   "a card with theme {id} or an option tagged {id}."), {"id": fid}))
    for lesson in scenario.learning_lessons:
        if not any(lesson in o.tags for c in cards for o in c.options):
            out.append(Warning_(N_("Lesson {id} is a learning goal, but no option in the deck follows it."),
                                {"id": lesson}))
    return out


def balance_warnings(scenario, result: dict) -> list[Warning_]:
    out = []
    fails = result["failures"]
    for fid in scenario.learning_failures:
        rate = fails.get(fid, 0.0)
        if rate == 0:
            out.append(Warning_(N_("Learning goal {id} never fired in {games} games: players may never "
                                   "meet this trap."), {"id": fid, "games": result["games"]}))
        elif rate >= ALWAYS:
            out.append(Warning_(N_("Learning goal {id} fired in {pct}% of games: the trap looks "
                                   "unavoidable, so it teaches little."), {"id": fid, "pct": round(100 * rate)}))
    # Which role wins is judged by the strategy lab against normal AIs (game.lab.report's
    # dominance warnings), not by these baseline games: the baseline AI's fixed habits are not
    # what the score scales were set against.
    if result["collapse_rate"] >= COLLAPSE_MOST:
        out.append(Warning_(N_("The region collapses in {pct}% of games: lower the collapse line or make the "
                               "start less fragile."), {"pct": round(100 * result["collapse_rate"])}))
    never = [c for c, x in result["cards_drawn"].items() if x == 0]
    if never:
        out.append(Warning_(N_("These cards were never drawn: {cards}. The deck is longer than the game, or "
                               "the cards are pinned out."), {"cards": ", ".join(never)}))
    low, high = (scenario.rounds * m for m in MINUTES_PER_ROUND)
    if high > WORKSHOP_MINUTES:
        out.append(Warning_(N_("{rounds} rounds take about {low}–{high} minutes in a workshop, longer than a "
                               "usual {slot}-minute slot."),
                            {"rounds": scenario.rounds, "low": low, "high": high, "slot": WORKSHOP_MINUTES}))
    return out


LAB_SEEDS = 16                   # a quick strategy lab: enough to see a dominant strategy


def check(scenario, scenario_ref: str, games: int = 300, seed: int = 0, jobs: int = 1, progress=None,
          lab_seeds: int = LAB_SEEDS) -> dict:
    """Validation has passed; play `games` AI games and a quick strategy lab (`lab_seeds` a
    configuration, solo and deviation) and warn about what would make the scenario teach badly."""
    from game.lab.report import dominance_warnings
    from game.lab.runner import run
    from game.simulate import simulate

    result = simulate(scenario, scenario_ref, games, seed, jobs, None, progress)
    warnings = structural_warnings(scenario) + balance_warnings(scenario, result)
    out = [{"msg": w.msg, "params": w.params} for w in warnings]
    lab = None
    if lab_seeds:
        lab = run(scenario, scenario_ref, lab_seeds, seed, jobs, ("solo", "deviation"), progress)
        out += dominance_warnings(lab)
    return {"scenario": scenario.id, "simulation": result, "lab": lab, "warnings": out}

