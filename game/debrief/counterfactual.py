"""Turning points by counterfactual replay (GAME_DESIGN §8).

A game is scenario + seed + action log, so it can be replayed with ONE decision changed: the
alternative an AI (the `normal` level when it exists, else `baseline`) would have chosen at
that point. The rest is played with the original remaining actions where they are still legal
(an action of an earlier round or phase than the replay has reached is dropped; when the replay
needs a move the original log has no legal answer for, the seat's AI plays it). The decisions
whose change moved the final outcome most (the player's score and the competitiveness index)
are the player's turning points.

The candidates are the decisions that decide a game, bounded to keep the debrief fast: every
event choice, deal proposed, deal answered, cancellation and designation, and each role's first
other fundings of each round. The alternative is the sensible other road: what the AI would have
done, the other answer to a deal, or not doing it at all (a proposal, a cancellation, a
designation or a funding left out).
"""
from __future__ import annotations

from dataclasses import dataclass

from game.ai import LEVELS, make_ai
from game.engine import IllegalAction, apply, check, current_player, is_over, outcome
from game.engine.actions import Action, Cancel, ChooseOption, EndTurn, Fund, ProposeDeal, RespondDeal
from game.engine.constants import BAD_INDICATORS, FAILURE_IDS, INDICATORS, PHASES, ROLES
from game.engine.labels import INDICATOR_LABELS, N_
from game.engine.model import competitiveness
from game.engine.state import GameState

from .analysis import Analysis

MAX_STEPS = 2000          # a guard for AIs finishing a replay
PER_PLAYER = 3
FUNDS_PER_ROUND = 2       # candidates: each role's first fundings of each round
MIN_SHIFT = 1.0           # a turning point moves the player's score or the index by at least this


def ai_level() -> str:
    return "normal" if "normal" in LEVELS else "baseline"


@dataclass(frozen=True)
class Skip:
    """The alternative "not doing it": the decision is left out of the replay."""
    role: str


@dataclass
class TurningPoint:
    index: int
    round: int
    role: str
    original: Action
    alternative: Action
    score: float
    cf_score: float
    index_value: float
    cf_index: float
    indicator: str
    value: float
    cf_value: float

    @property
    def impact(self) -> float:
        return abs(self.cf_score - self.score) + abs(self.cf_index - self.index_value)

    def sentence(self, scenario) -> tuple[str, dict]:
        """"Had you chosen X in round 2 instead of Y, idle assets would have ended 18 lower and
        your score 6 higher" as a msgid with params."""
        d_ind = round(self.cf_value - self.value, 1)
        d_score = round(self.cf_score - self.score, 1)
        d_index = round(self.cf_index - self.index_value, 1)

        def change(amount: float) -> dict:
            if amount > 0:
                return {"msg": N_("{amount} higher"), "params": {"amount": abs(amount)}}
            if amount < 0:
                return {"msg": N_("{amount} lower"), "params": {"amount": abs(amount)}}
            return {"msg": N_("the same"), "params": {}}

        params = {"alternative": action_label(scenario, self.alternative, self.index_state_card, self.programmes),
                  "original": action_label(scenario, self.original, self.index_state_card, self.programmes),
                  "round": self.round}
        if self.temptation or self.temptation_taken:
            # a gain for the player at the region's cost is named for what it is, never offered
            # as a better choice (III.1-III.3): the alternative's traps, or the decision's own
            traps = self.traps(scenario, self.alternative if self.temptation else self.original)
            params.update(score=abs(d_score), index=abs(d_index))
            if traps:
                params["traps"] = ", ".join(traps)
            if self.temptation:
                return ((N_("Had you chosen “{alternative}” in round {round} instead of “{original}”: "
                            "+{score} for you, −{index} for the region's competitiveness index. That "
                            "is the temptation of {traps}, not a better choice.") if traps else
                         N_("Had you chosen “{alternative}” in round {round} instead of “{original}”: "
                            "+{score} for you, −{index} for the region's competitiveness index. A gain "
                            "at the region's cost is a temptation, not a better choice.")), params)
            return ((N_("“{original}” in round {round} paid you {score} more than “{alternative}” "
                        "would have, and cost the region's competitiveness index {index}: the "
                        "temptation of {traps}.") if traps else
                     N_("“{original}” in round {round} paid you {score} more than “{alternative}” "
                        "would have, and cost the region's competitiveness index {index}: a gain at "
                        "the region's cost.")), params)
        params.update(indicator=INDICATOR_LABELS[self.indicator], indicator_change=change(d_ind),
                      index_change=change(d_index), score_change=change(d_score))
        return (N_("Had you chosen “{alternative}” in round {round} instead of “{original}”, "
                   "{indicator} would have ended {indicator_change}, the competitiveness index "
                   "{index_change} and your score {score_change}."), params)

    index_state_card: str | None = None
    programmes: dict | None = None      # uid -> action id running at the decision (labels)

    @property
    def temptation(self) -> bool:
        """The change would have paid the player and cost the region."""
        return round(self.cf_score - self.score, 1) > 0 and round(self.cf_index - self.index_value, 1) < 0

    @property
    def temptation_taken(self) -> bool:
        """The decision taken paid the player and cost the region."""
        return round(self.cf_score - self.score, 1) < 0 and round(self.cf_index - self.index_value, 1) > 0

    def traps(self, scenario, action) -> list[str]:
        """The failure types (with sections) `action` walks into, from its tags."""
        alt = action
        tags: tuple = ()
        if isinstance(alt, Fund):
            tags = tuple(scenario.actions[alt.action_id].tags)
        elif isinstance(alt, ChooseOption) and self.index_state_card:
            tags = tuple(scenario.cards[self.index_state_card].option(alt.option_id).tags)
        failures = scenario.catalogue.failures
        return [f"{t} ({failures[t].section})" if t in failures and failures[t].section else t
                for t in tags if t in FAILURE_IDS]

    @property
    def trivial(self) -> bool:
        """Less than a point on both the player's score and the index: not worth a debrief line."""
        return abs(self.cf_score - self.score) < MIN_SHIFT and abs(self.cf_index - self.index_value) < MIN_SHIFT


def action_label(scenario, action, card_id: str | None = None, programmes: dict | None = None):
    """A short label for a decision: an option's text, an action's name (content mappings), or a
    message for a deal, a cancellation or leaving a decision out (always as a nested message, so
    that it is translated: plain string parameters are names). `programmes`: uid -> action id
    of the programmes running when the decision was made (for a cancellation's name)."""
    if isinstance(action, ChooseOption) and card_id:
        return dict(scenario.cards[card_id].option(action.option_id).text)
    if isinstance(action, Fund):
        return dict(scenario.actions[action.action_id].name)
    if isinstance(action, EndTurn):
        return {"msg": N_("funding nothing more"), "params": {}}
    if isinstance(action, Skip):
        return {"msg": N_("not doing it"), "params": {}}
    if isinstance(action, RespondDeal):
        return {"msg": N_("accepting deal {deal}") if action.accept else N_("rejecting deal {deal}"),
                "params": {"deal": action.deal_id}}
    if isinstance(action, ProposeDeal):
        return {"msg": N_("proposing that deal"), "params": {}}
    if isinstance(action, Cancel):
        aid = (programmes or {}).get(action.programme_uid)
        if aid in scenario.actions:
            return {"msg": N_("cancelling {action}"), "params": {"action": dict(scenario.actions[aid].name)}}
        return {"msg": N_("cancelling a programme"), "params": {}}
    return {"msg": N_("another move"), "params": {}}


def _phase_key(rnd: int, phase: str) -> tuple[int, int]:
    return rnd, PHASES.index(phase)


def replay_with(state0: GameState, history: tuple, rounds: list[tuple[int, str]], index: int,
                alternative: Action, base: GameState | None = None) -> GameState:
    """Replay `history` from `state0` (the new game) with action `index` replaced by
    `alternative`; `base` may be the state just before `index` (saves replaying the prefix).
    Raises IllegalAction if the alternative itself is illegal."""
    s = base
    if s is None:
        s = state0
        for a in history[:index]:
            s = apply(s, a)
    if not isinstance(alternative, Skip):
        s = apply(s, alternative)
    seed = state0.seed
    ais = {}
    j = index + 1
    for _step in range(MAX_STEPS * 2):
        if is_over(s):
            return s
        if j < len(history):
            a = history[j]
            here = _phase_key(s.round, s.phase)
            then = _phase_key(*rounds[j])
            if then < here:
                j += 1          # from a round or phase the replay has already left
                continue
            if then == here:
                j += 1
                try:
                    check(s, a)
                except IllegalAction:
                    continue
                s = apply(s, a)
                continue
        # The original log has nothing legal for now: the seat's AI moves.
        role = current_player(s)
        if role is None:
            break
        if role not in ais:
            ais[role] = make_ai(ai_level(), role, seed)
        s = apply(s, ais[role].act(s))
    return s


def candidates(a: Analysis, history: tuple, scenario=None) -> list[int]:
    """Indices of the decisions tried: every event choice, deal proposed or answered,
    cancellation and designation, and each role's first other fundings of a round."""
    out, seen = [], {}
    for i, act in enumerate(history):
        rnd = a.action_rounds[i][0]
        if isinstance(act, (ChooseOption, ProposeDeal, RespondDeal, Cancel)):
            out.append(i)
        elif (isinstance(act, Fund) and scenario is not None
              and scenario.actions[act.action_id].kind == "designation"):
            out.append(i)
        elif isinstance(act, Fund) and seen.get((rnd, act.role), 0) < FUNDS_PER_ROUND:
            seen[(rnd, act.role)] = seen.get((rnd, act.role), 0) + 1
            out.append(i)
    return out


def _alternative(state: GameState, original: Action, seed: int):
    """The other road: the other answer to a deal; leaving out a proposal, a cancellation or a
    designation; otherwise what the AI would have done instead (leaving a funding out when the
    AI would fund the same); None when there is no other road."""
    role = original.role
    if isinstance(original, RespondDeal):
        return RespondDeal(role, original.deal_id, not original.accept)
    if isinstance(original, (ProposeDeal, Cancel)):
        return Skip(role)
    if isinstance(original, Fund) and state.scenario.actions[original.action_id].kind == "designation":
        return Skip(role)
    try:
        alt = make_ai(ai_level(), role, seed).act(state)
    except Exception:   # an AI that cannot move here: no alternative
        alt = None
    if alt is not None and alt != original:
        return alt
    if isinstance(original, ChooseOption):
        # The AI agrees: the turning point is then the road not taken (the next option).
        card = state.scenario.cards[state.card_id]
        others = [o for o in card.options if o.id != original.option_id]
        return ChooseOption(role, others[0].id) if others else None
    if isinstance(original, Fund):
        return Skip(role)
    return None


def turning_points(state: GameState, a: Analysis, per_player: int = PER_PLAYER) -> dict[str, list[TurningPoint]]:
    """For each player, the `per_player` decisions whose change moved the outcome most."""
    sc = state.scenario
    history = state.history
    base_out = outcome(state)
    base_ind = state.ind
    from game.engine import new_game
    s0 = new_game(sc, state.seed)
    picks = set(candidates(a, history, sc))
    # states before each candidate, from one pass over the log
    before: dict[int, GameState] = {}
    s = s0
    for i, act in enumerate(history):
        if i in picks:
            before[i] = s
        s = apply(s, act)
    found: dict[str, list[TurningPoint]] = {r: [] for r in ROLES}
    for i in sorted(picks):
        orig = history[i]
        st = before[i]
        alt = _alternative(st, orig, state.seed)
        if alt is None:
            continue
        try:
            end = replay_with(s0, history, a.action_rounds, i, alt, base=st)
        except IllegalAction:
            continue
        if not is_over(end):
            continue
        res = outcome(end)
        role = orig.role
        # the indicator that moved most, good or bad
        diffs = [(abs(float(end.ind[k] - base_ind[k])), k) for k in range(len(INDICATORS))]
        _d, k = max(diffs)
        tp = TurningPoint(i, a.action_rounds[i][0], role, orig, alt,
                          base_out.scores[role], res.scores[role],
                          round(competitiveness(base_ind, end.scenario.index_weights), 2),
                          round(competitiveness(end.ind, end.scenario.index_weights), 2),
                          INDICATORS[k], round(float(base_ind[k]), 1), round(float(end.ind[k]), 1))
        tp.index_state_card = st.card_id
        tp.programmes = {p.uid: p.action_id for p in st.programmes}
        if not tp.trivial:
            found[role].append(tp)
    out = {}
    for r, v in found.items():
        # the same decision made twice in a round (a second designation) replays the same: once
        unique: dict = {}
        for tp in sorted(v, key=lambda t: -t.impact):
            unique.setdefault((tp.round, tp.original, tp.alternative), tp)
        out[r] = list(unique.values())[:per_player]
    return out


__all__ = ["turning_points", "replay_with", "candidates", "TurningPoint", "Skip", "ai_level", "BAD_INDICATORS"]
