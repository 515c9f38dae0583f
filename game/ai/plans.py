"""What the AI's plans in personalities.yaml (`deals:`, `baseline:`; read and checked by
game.content.ai_plans) mean in a game: whether a `when:` condition holds for what a role
observes, and the DealTerms a deal entry stands for. Plain typed code over the data, no eval().
"""
from __future__ import annotations

from functools import lru_cache

from game.content.ai_plans import ALWAYS, AiPlans, BaselinePlan, DealPlan, When
from game.engine.actions import Cofund, DealTerms, Share, Transfer

NO_PLAN = BaselinePlan()


@lru_cache(maxsize=1)
def builtin_plans() -> AiPlans:
    """The plans of the built-in personalities.yaml (read once)."""
    from game.content.ai_plans import load_ai_plans
    return load_ai_plans()


def holds(when: When, obs: dict, role: str) -> bool:
    """Whether every part of `when` holds for `obs` (observe(state, role) or observe_turn)."""
    if when is ALWAYS:
        return True
    if when.indicator is not None:
        value = obs["region"][when.indicator]
        if when.below is not None and not value < when.below:
            return False
        if when.at_least is not None and not value >= when.at_least:
            return False
    if when.macro_below is not None and not obs["macro"] < when.macro_below:
        return False
    if when.no_diagnosis and obs["diagnosis_in_force"]:
        return False
    if when.budget_at_least is not None and obs["budgets"][role] < when.budget_at_least:
        return False
    if when.designations_below is not None and not obs["designations"] < when.designations_below:
        return False
    return True


def deal_terms(plan: DealPlan, role: str, scenario) -> tuple[DealTerms, str, object] | None:
    """(terms, the other party, the action it names or None) of `role` proposing `plan`; None
    when the scenario cannot make it (a co-funded action it does not have, or one too cheap to
    halve)."""
    if plan.kind == "grant":
        other = plan.receiver if plan.giver == role else plan.giver
        act = scenario.actions.get(plan.tied_to) if plan.tied_to else None
        return (DealTerms((other,), transfers=(
            Transfer(plan.giver, plan.receiver, plan.amount, plan.tied_to),)), other, act)
    act = scenario.actions.get(plan.action)
    if act is None:
        return None
    half = act.cost // 2
    if half <= 0:
        return None
    other = act.role if plan.payer == role else plan.payer
    return (DealTerms((other,), cofund=Cofund(plan.action, (Share(plan.payer, half),
                                                            Share(act.role, act.cost - half)))),
            other, act)
