"""English message ids for names the engine puts into log parameters.

`N_` marks strings for extraction by babel; the i18n layer translates them when rendering.
Defined here (not imported from game.i18n) because the engine depends on nothing else.
"""
from __future__ import annotations


def N_(message: str) -> str:
    return message


ROLE_LABELS = {
    "ministry": N_("Central ministry"),
    "local": N_("Local government"),
    "firms": N_("Firms"),
    "university": N_("University / institute"),
}

INDICATOR_LABELS = {
    "industry": N_("industrial base"),
    "absorptive": N_("absorptive capacity"),
    "capability": N_("public capability"),
    "network": N_("network density"),
    "external": N_("external linkage"),
    "innovation": N_("innovation output"),
    "employment": N_("employment"),
    "cohesion": N_("social cohesion"),
    "idle_assets": N_("idle assets"),
    "lock_in": N_("political lock-in"),
}

AGENDA_METRIC_LABELS = {       # what a private agenda counts (scenarios/README.md, "Agenda metrics")
    "visible_built": N_("own buildings built"),
    "budget_kept": N_("money left at the end"),
    "programme_spend": N_("money spent on programmes"),
    "subsidies": N_("money received from others"),
    "equipment": N_("buildings and equipment received"),
    "deals_kept": N_("deals honoured"),
    "designations": N_("clusters designated"),
}

TRIGGER_KIND_LABELS = {       # a scripted event's kind (scenarios/README.md, triggers)
    "change_of_government": N_("change of government"),
    "macro_shock": N_("macro shock"),
    "election": N_("election"),
    "custom": N_("custom"),
}

KIND_LABELS = {
    "hardware": N_("buildings and equipment"),
    "programme": N_("programmes"),
    "diagnosis": N_("diagnosis"),
    "capacity": N_("capacity building"),
    "network": N_("network building"),
    "external": N_("outside links"),
    "lobby": N_("lobbying"),
    "designation": N_("designations"),
    "coordination": N_("coordination"),
    "macro": N_("macroeconomic measures"),
    "welfare": N_("welfare"),
    "research": N_("research"),
}

PHASE_LABELS = {
    "briefing": N_("Briefing"),
    "event": N_("Event"),
    "negotiation": N_("Negotiation"),
    "actions": N_("Actions"),
    "resolution": N_("Resolution"),
    "game_over": N_("Game over"),
}


def changes_param(deltas: dict[str, float]) -> list[list]:
    """Indicator changes as a log parameter: [[label msgid, delta], ...], rounded, non-zero."""
    return [[INDICATOR_LABELS[k], round(float(v), 1)] for k, v in deltas.items()
            if abs(v) >= 0.05]
