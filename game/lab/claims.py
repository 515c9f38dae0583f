"""The paper's claims as paired comparisons: an all-`lesson` table against the same table with
one change, on the same seeds. Each claim names the paper section it tests.

A change is made to one or two seats (see `Archetype`: `ban`, `first`, `deal`, `cancel_at`) or
to the climate (the national economy held fixed all game).
"""
from __future__ import annotations

import numpy as np

from game.engine.actions import DealTerms, Transfer
from game.engine.constants import IND, ROLES

from .archetypes import cofund_terms

# Deals a changed seat proposes, by name (seat specs must be hashable, so they name the deal).
DEALS = {
    "subsidy_no_strings": lambda sc: DealTerms(("firms",), transfers=(Transfer("ministry", "firms", 15),)),
    "subsidy_conditional": lambda sc: DealTerms(("firms",), transfers=(
        Transfer("ministry", "firms", 15, "firms.highroad_upgrading"),)),
    "cofund_research": lambda sc: cofund_terms(sc, "university.applied_research", "ministry"),
    "none": lambda sc: None,
}

# Cluster money and welfare money of the public side (III.4, IV.2: D2 / L3 / S4).
CLUSTER_MINISTRY = ("ministry.tailored_programme", "ministry.fund_diagnosis", "ministry.designate_cluster",
                    "ministry.uniform_programme", "ministry.hardware_grant")
CLUSTER_LOCAL = ("local.labour_council", "local.supra_regional", "local.build_centre",
                 "local.commission_diagnosis")
POUR = ("ministry.uniform_programme", "ministry.tailored_programme", "ministry.hardware_grant")


def _lesson(**changes) -> dict:
    from .runner import seat_spec
    seats = {r: seat_spec("lesson") for r in ROLES}
    for role, change in changes.items():
        seats[role] = seat_spec(change.pop("style", "lesson"), **change)
    return seats


def _cancel_round(scenario) -> int:
    gov = [t.round for t in scenario.triggers if t.kind == "change_of_government"]
    return gov[0] if gov else max(2, scenario.rounds // 2)


def claim_configs(scenario) -> dict:
    """Configuration key -> (seats, fixed macro or None)."""
    limit = scenario.designation_limit
    c = {
        ("claim", "base"): (_lesson(), None),
        # D1 (III.4): the national economy moves the region more than cluster policy can
        ("claim", "d1_neutral"): (_lesson(), 0.0),
        ("claim", "d1_down"): (_lesson(ministry={"ban": ("ministry.macro_measure",)}), -1.0),
        ("claim", "d1_down_stab"): (_lesson(ministry={"first": ("ministry.macro_measure",)}), -1.0),
        # D2 / L3 / S4 (III.4, IV.2): in a lagging region welfare and cohesion come first
        ("claim", "d2_cluster"): (_lesson(ministry={"ban": ("ministry.cohesion_transfer",)},
                                          local={"ban": ("local.welfare",)}), None),
        ("claim", "d2_cluster_only"): (_lesson(ministry={"ban": ("ministry.cohesion_transfer",
                                                                 "ministry.macro_measure")},
                                               local={"ban": ("local.welfare",)}), None),
        ("claim", "d2_welfare"): (_lesson(
            ministry={"ban": CLUSTER_MINISTRY, "first": ("ministry.cohesion_transfer",)},
            local={"ban": CLUSTER_LOCAL, "first": ("local.welfare",)}), None),
        # C2 (III.3(2)): subsidies without strings
        ("claim", "c2_no_strings"): (_lesson(ministry={"deal": "subsidy_no_strings"}), None),
        ("claim", "c2_conditional"): (_lesson(ministry={"deal": "subsidy_conditional"}), None),
        # C4 (III.3(4)): the same kind of programme from two levels without coordination
        # (both levels fund a programme of the same kind every round: the local government its
        # training, the ministry its capacity grant)
        ("claim", "c4_uncoordinated"): (_lesson(ministry={"ban": ("ministry.coordination",), "deal": "none",
                                                          "first": ("ministry.capacity_grant",)},
                                                local={"deal": "none", "first": ("local.training_programme",)}), None),
        ("claim", "c4_coordinated"): (_lesson(ministry={"deal": "none", "first": ("ministry.coordination",
                                                                                  "ministry.capacity_grant")},
                                              local={"deal": "none", "first": ("local.training_programme",)}), None),
        # A2 (III.1(2)): capacity first, or money beyond absorptive capacity
        ("claim", "a2_good"): (_lesson(ministry={"first": ("ministry.capacity_grant",)},
                                       local={"first": ("local.training_programme",)}), None),
        ("claim", "a2_bad"): (_lesson(ministry={"ban": ("ministry.capacity_grant",), "first": POUR},
                                      local={"ban": ("local.training_programme",)}), None),
        # A1 (III.1(1)): a diagnosis and tailored programmes, or uniform ones
        ("claim", "a1_good"): (_lesson(ministry={"ban": ("ministry.uniform_programme",),
                                                 "first": ("ministry.fund_diagnosis",
                                                           "ministry.tailored_programme")}), None),
        ("claim", "a1_bad"): (_lesson(ministry={"ban": ("ministry.fund_diagnosis", "ministry.tailored_programme"),
                                                "first": ("ministry.uniform_programme",)},
                                      local={"ban": ("local.commission_diagnosis",)}), None),
        # A3 (III.1(3)): upgrading the base, or a high-tech leap
        ("claim", "a3_good"): (_lesson(firms={"ban": ("firms.hightech_diversification",),
                                              "first": ("firms.highroad_upgrading",)}), None),
        ("claim", "a3_bad"): (_lesson(firms={"ban": ("firms.highroad_upgrading",),
                                             "first": ("firms.hightech_diversification",)}), None),
        # B1 (III.2(1)): outside links, or a network closed to the outside
        ("claim", "b1_good"): (_lesson(firms={"first": ("firms.recruit_outside",)}), None),
        ("claim", "b1_bad"): (_lesson(firms={"ban": ("firms.recruit_outside",)},
                                      local={"ban": ("local.supra_regional",)}), None),
        # B2 (III.2(2)): research with local partners, or research and equipment for prestige
        ("claim", "b2_good"): (_lesson(university={"first": ("university.applied_research",
                                                             "university.tech_transfer_office"),
                                                   "deal": "none"},
                                       firms={"deal": "none"}), None),
        ("claim", "b2_bad"): (_lesson(university={"ban": ("university.applied_research",
                                                          "university.tech_transfer_office"),
                                                  "first": ("university.equipment_grant",
                                                            "university.basic_research"), "deal": "none"},
                                      firms={"deal": "none"}), None),
        # B3 (III.2(3)): networks, or a park
        ("claim", "b3_good"): (_lesson(local={"first": ("local.labour_council",), "deal": "none"},
                                       ministry={"deal": "none"}), None),
        ("claim", "b3_bad"): (_lesson(local={"ban": ("local.labour_council",),
                                             "first": ("local.science_park",), "deal": "none", "save": True},
                                      ministry={"deal": "none"}), None),
        # C3 (III.3(3)): programmes, or a building
        ("claim", "c3_good"): (_lesson(local={"first": ("local.training_programme",), "deal": "none"},
                                       ministry={"deal": "none"}), None),
        ("claim", "c3_bad"): (_lesson(local={"ban": ("local.training_programme",),
                                             "first": ("local.build_centre",), "deal": "none", "save": True},
                                      ministry={"deal": "none"}), None),
        # C5 (III.3(5)): scrapping the predecessor's programmes
        ("claim", "c5_bad"): (_lesson(local={"cancel_at": _cancel_round(scenario)},
                                      ministry={"cancel_at": _cancel_round(scenario)}), None),
    }
    # C1 (III.3(1), footnote 5): designations past the plan's limit, made in the first rounds
    for k in range(4):
        c[("claim", f"c1_{k}")] = (_lesson(ministry={"ban": ("ministry.designate_cluster",),
                                                     "designate_upto": limit + k}), None)
    return c


def _index(games, key) -> np.ndarray:
    return np.array([g["index"] for g in games[("claim", key)]])


def _paired(games, better: str, worse: str) -> dict:
    d = _index(games, better) - _index(games, worse)
    se = float(d.std(ddof=1) / np.sqrt(d.size)) if d.size > 1 else 0.0
    return {"diff": round(float(d.mean()), 2), "se": round(se, 2)}


def judge_claims(scenario, games: dict) -> list[dict]:
    if ("claim", "base") not in games:
        return []
    out = []

    def claim(cid, section, text, ok, measured):
        out.append({"id": cid, "section": section, "claim": text, "ok": bool(ok), "measured": measured})

    # D1
    cost = _paired(games, "d1_neutral", "d1_down")
    rec = _paired(games, "d1_down_stab", "d1_down")
    claim("D1", "III.4", "a permanent downturn costs >= 8 index points", cost["diff"] >= 8, cost)
    claim("D1", "III.4", "stabilisation recovers at least a third of it",
          cost["diff"] > 0 and rec["diff"] >= cost["diff"] / 3, rec)
    # D2 / L3 / S4
    d2 = _paired(games, "d2_welfare", "d2_cluster")
    lagging = scenario.indicators["industry"] < 40 and scenario.indicators["absorptive"] < 30
    if lagging:
        claim("D2", "III.4, IV.2", "welfare and cohesion first ends better than cluster first",
              d2["diff"] > 0, d2)
        gain = float(np.mean([g["ind"][IND["industry"]] for g in games[("claim", "d2_cluster_only")]])
                     - scenario.indicators["industry"])
        claim("D2", "III.4, IV.2", "cluster policy alone lifts industry by no more than 8 points",
              gain <= 8, round(gain, 2))
    else:
        claim("D2", "III.4, IV.2", "cluster first ends better than welfare first (not a lagging region)",
              d2["diff"] < 0, d2)
    c2 = _paired(games, "c2_conditional", "c2_no_strings")
    claim("C2", "III.3(2)", "a subsidy without strings ends lower than the same money conditional",
          c2["diff"] > 0, c2)
    c4 = _paired(games, "c4_coordinated", "c4_uncoordinated")
    claim("C4", "III.3(4)", "uncoordinated programmes of two levels waste part of both", c4["diff"] > 0, c4)
    c1 = [float(_index(games, f"c1_{k}").mean()) for k in range(4)]
    claim("C1", "III.3(1)", "the index falls with each designation past the limit",
          all(a > b for a, b in zip(c1, c1[1:])), [round(x, 2) for x in c1])
    for cid, good, bad, section, text in (
            ("A2", "a2_good", "a2_bad", "III.1(2)", "capacity first beats pouring money into programmes"),
            ("A1", "a1_good", "a1_bad", "III.1(1)", "a diagnosis and tailored programmes beat uniform ones"),
            ("A3", "a3_good", "a3_bad", "III.1(3)", "upgrading the base beats a high-tech leap"),
            ("B1", "b1_good", "b1_bad", "III.2(1)", "outside links beat a closed network"),
            ("B2", "b2_good", "b2_bad", "III.2(2)", "applied research with local partners beats prestige"),
            ("B3", "b3_good", "b3_bad", "III.2(3)", "networks beat a science park"),
            ("C3", "c3_good", "c3_bad", "III.3(3)", "programmes beat a building"),
            ("C5", "base", "c5_bad", "III.3(5)", "keeping running programmes beats scrapping them")):
        d = _paired(games, good, bad)
        claim(cid, section, text, d["diff"] > 0, d)
    return out
