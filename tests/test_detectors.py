"""The 13 failure detectors (game/engine/detectors.py): each one fires in a situation built for
it and stays quiet when the antidote is applied to the same situation.

Every test plays a real game through the public API (new_game / apply with ChooseOption,
ProposeDeal, RespondDeal, EndNegotiation, Fund, Cancel, EndTurn). Situations are built by
editing the scenario (`dataclasses.replace`): starting indicators, trust, macro climate,
triggers, budgets, and a pinned event card. The pinned card ("test-quiet") has a `pass` option
with no tags and no effects, so the event phase cannot fire anything by itself, and one `trap-X`
option per failure id for the option-tag path. Results are read from `state.fired` and the log.
"""
from __future__ import annotations

import string
from dataclasses import replace

import pytest

from game.ai.baseline import BaselineAI
from game.content.loader import load_scenario
from game.engine import detectors as det
from game.engine.actions import (Cancel, ChooseOption, Commitment, DealTerms, EndNegotiation,
                                 EndTurn, Fund, ProposeDeal, RespondDeal, Transfer)
from game.engine.constants import ACTIONS, FAILURE_IDS, INDICATORS, NEGOTIATION, ROLES
from game.engine.game import apply, current_player, is_over, legal_actions, new_game, observe
from game.engine.scenario import Card, CardOption, Effects, Trigger

SEED = 7


def _t(en: str) -> dict:
    return {"ko": en, "en": en}


QUIET_CARD = Card(
    id="test-quiet", theme="neutral", title=_t("A quiet year"), text=_t("Nothing happens."),
    deciders=("ministry",), section="IV.2",
    options=(CardOption("pass", _t("Carry on"), tags=()),)
    + tuple(CardOption(f"trap-{fid}", _t(f"Walk into {fid}"), tags=(fid,)) for fid in FAILURE_IDS),
)

# A region where nothing is near a threshold: nothing should fire unless a test pushes it.
CLEAN_INDICATORS = {
    "industry": 50, "absorptive": 45, "capability": 40, "network": 35, "external": 40,
    "innovation": 42, "employment": 55, "cohesion": 55, "idle_assets": 10, "lock_in": 20,
}


# --------------------------------------------------------------------------------------------
# Scenario and play helpers
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tutorial():
    return load_scenario("tutorial")


@pytest.fixture(scope="module")
def base(tutorial):
    """The tutorial with the quiet card pinned every round, no triggers, a calm economy, a
    region far from every threshold and budgets large enough not to get in the way."""
    budgets = {"ministry": 300, "local": 150, "firms": 150, "university": 100}
    roles = {r: replace(tutorial.roles[r], start_budget=budgets[r]) for r in ROLES}
    return replace(
        tutorial,
        cards={**tutorial.cards, QUIET_CARD.id: QUIET_CARD},
        fixed_cards={r: QUIET_CARD.id for r in range(1, tutorial.rounds + 1)},
        triggers=(), macro=0.0, trust=50.0, indicators=dict(CLEAN_INDICATORS), roles=roles,
    )


def scenario(base, *, indicators=None, **changes):
    if indicators:
        changes["indicators"] = {**base.indicators, **indicators}
    return replace(base, **changes)


def play_round(state, *, option="pass", deals=(), funds=None, cancels=None):
    """Play one whole round through the public API and return the state after resolution.

    deals: (proposer, DealTerms) pairs, each accepted by all its recipients.
    funds / cancels: {role: [action ids]} funded (in order) / running programmes cancelled."""
    funds, cancels = funds or {}, cancels or {}
    rnd = state.round
    decider = current_player(state)
    state = apply(state, ChooseOption(decider, option))
    assert state.phase == NEGOTIATION
    for proposer, terms in deals:
        state = apply(state, ProposeDeal(proposer, terms))
        deal_id = state.deals[-1].id
        for recipient in terms.recipients:
            state = apply(state, RespondDeal(recipient, deal_id, True))
        assert state.deals[-1].status == "accepted", state.deals[-1]
    for role in ROLES:
        state = apply(state, EndNegotiation(role))
    assert state.phase == ACTIONS
    for role in ROLES:
        assert current_player(state) == role
        for action_id in cancels.get(role, ()):
            progs = {p["uid"]: p["action"] for p in observe(state, role)["programmes"]}
            uid = next(a.programme_uid for a in legal_actions(state, role)
                       if isinstance(a, Cancel) and progs[a.programme_uid] == action_id)
            state = apply(state, Cancel(role, uid))
        for action_id in funds.get(role, ()):
            state = apply(state, Fund(role, action_id))
        state = apply(state, EndTurn(role))
    assert state.round == rnd + 1 or is_over(state)
    return state


def play(sc, *rounds, seed=SEED):
    """A new game, then one `play_round` per dict of keyword arguments."""
    state = new_game(sc, seed)
    for kw in rounds:
        state = play_round(state, **kw)
    return state


def fired_in(state, rnd) -> set[str]:
    return {f for r, f in state.fired if r == rnd}


def assert_fired(state, rnd, fid, roles) -> dict:
    """`fid` fired once in round `rnd`, logged with the catalogue's section, a reason whose
    message is fully covered by its params, and `roles` among the roles held responsible.
    Returns the reason's params."""
    assert fid in fired_in(state, rnd), f"{fid} did not fire in round {rnd}: {state.fired}"
    assert state.fired.count((rnd, fid)) == 1
    entries = [e for e in state.log if e.kind == "failure" and e.round == rnd
               and e.data["failure"] == fid]
    assert len(entries) == 1
    entry = entries[0]
    section = state.scenario.catalogue.failures[fid].section
    assert section and entry.data["section"] == section == entry.params["section"]
    assert entry.params["id"] == fid and entry.visible_to is None
    reason = entry.params["reason"]
    names = {n for _, n, _, _ in string.Formatter().parse(reason["msg"]) if n}
    assert names == set(reason["params"]), (reason["msg"], reason["params"])
    reason["msg"].format(**reason["params"])
    who = [e for e in state.log if e.kind == "failure_roles" and e.round == rnd
           and e.data["failure"] == fid]
    assert len(who) == 1
    assert set(roles) <= set(who[0].data["roles"]), who[0].data["roles"]
    assert tuple(who[0].visible_to) == tuple(who[0].data["roles"])
    return reason["params"]


def ind(state, name) -> float:
    return float(state.ind[INDICATORS.index(name)])


# --------------------------------------------------------------------------------------------
# The clean scenario is clean
# --------------------------------------------------------------------------------------------
def test_base_scenario_is_quiet_when_nobody_does_anything(base):
    state = play(base, *[{}] * base.rounds)
    assert is_over(state)
    assert state.fired == []
    assert not [e for e in state.log if e.kind in ("failure", "failure_roles")]


# --------------------------------------------------------------------------------------------
# A: policy detached from regional reality
# --------------------------------------------------------------------------------------------
def test_a1_uniform_programme_without_diagnosis_fires(base):
    state = play(base, {"funds": {"ministry": ["ministry.uniform_programme"]}})
    params = assert_fired(state, 1, "A1", ["ministry"])
    assert params["capability"] == CLEAN_INDICATORS["capability"]


A1_IGNORED = ("A one-size-fits-all national programme went to the region although a diagnosis "
              "was in force and a programme tailored to it was within reach: the diagnosis was "
              "ignored (public capability {capability}).")


@pytest.mark.parametrize("rounds", [
    # the ministry pays for a diagnosis in the same round, then buys the standard package anyway
    [{"funds": {"ministry": ["ministry.fund_diagnosis", "ministry.uniform_programme"]}}],
    # a diagnosis commissioned by the local government last round is still in force
    [{"funds": {"local": ["local.commission_diagnosis"]}},
     {"funds": {"ministry": ["ministry.uniform_programme"]}}],
], ids=["diagnosis-same-round", "diagnosis-last-round"])
def test_a1_uniform_programme_beside_an_ignored_diagnosis_fires(base, rounds):
    """A diagnosis in force does not make the uniform package fine: the tailored programme it
    opens was within the ministry's budget."""
    state = play(base, *rounds)
    rnd = len(rounds)
    assert state.diagnosis_until >= rnd
    assert_fired(state, rnd, "A1", ["ministry"])
    entry = next(e for e in state.log if e.kind == "failure" and e.data["failure"] == "A1")
    assert entry.params["reason"]["msg"] == A1_IGNORED


def test_a1_quiet_with_tailored_programme_on_a_diagnosis(base):
    state = play(base, {"funds": {"ministry": ["ministry.fund_diagnosis",
                                               "ministry.tailored_programme"]}})
    assert "A1" not in fired_in(state, 1)


def test_a1_quiet_when_no_tailored_programme_was_affordable(base):
    """With a diagnosis in force and money only for the cheaper package, the ministry did what
    it could: 10 for the diagnosis and 20 for the uniform programme leave nothing for a
    tailored one (25)."""
    roles = {**base.roles, "ministry": replace(base.roles["ministry"], start_budget=30)}
    state = play(scenario(base, roles=roles),
                 {"funds": {"ministry": ["ministry.fund_diagnosis", "ministry.uniform_programme"]}})
    assert state.records[0]["funded"][-1][1] == "ministry.uniform_programme"
    acts = base.actions
    left = 30 - acts["ministry.fund_diagnosis"].cost - acts["ministry.uniform_programme"].cost
    assert left + acts["ministry.uniform_programme"].cost < acts["ministry.tailored_programme"].cost
    assert "A1" not in fired_in(state, 1)


def test_a1_fires_again_once_the_diagnosis_has_expired(base):
    """A diagnosis lasts three rounds; in the fourth the uniform programme is blind again."""
    state = play(base, {"funds": {"local": ["local.commission_diagnosis"]}}, {}, {},
                 {"funds": {"ministry": ["ministry.uniform_programme"]}})
    assert_fired(state, 4, "A1", ["ministry"])


@pytest.mark.parametrize("indicators, route", [
    ({"absorptive": 35, "network": 35}, "spend"),   # big hardware, weak absorptive capacity
    ({"absorptive": 45, "network": 0}, "jump"),     # capacity is fine, but nobody uses it
], ids=["low-absorptive", "idle-jump"])
def test_a2_hardware_into_region_that_cannot_use_it_fires(base, indicators, route):
    sc = scenario(base, indicators=indicators)
    state = play(sc, {"funds": {"ministry": ["ministry.hardware_grant"]}})
    params = assert_fired(state, 1, "A2", ["ministry"])
    assert params["spend"] == 40
    assert params["absorptive"] == indicators["absorptive"]
    if route == "spend":
        assert params["absorptive"] < det.A2_ABSORPTIVE_BELOW
    else:
        assert params["absorptive"] >= det.A2_ABSORPTIVE_BELOW
        assert params["jump"] >= det.A2_IDLE_JUMP


def test_a2_quiet_with_high_absorptive_capacity(base):
    # The same grant in a region that can absorb it (and has the networks to use it).
    sc = scenario(base, indicators={"absorptive": 80, "network": 70})
    state = play(sc, {"funds": {"ministry": ["ministry.hardware_grant"]}})
    assert "A2" not in fired_in(state, 1)
    assert ind(state, "idle_assets") - CLEAN_INDICATORS["idle_assets"] < det.A2_IDLE_JUMP


def test_a2_quiet_for_small_hardware_with_little_idle(base):
    sc = scenario(base, indicators={"absorptive": 35, "network": 35})
    state = play(sc, {"funds": {"university": ["university.equipment_grant"]}})  # 20 < 30
    assert "A2" not in fired_in(state, 1)


def test_a3_high_tech_in_weak_region_fires(base):
    sc = scenario(base, indicators={"absorptive": 35})
    state = play(sc, {"funds": {"firms": ["firms.hightech_diversification"]}})
    params = assert_fired(state, 1, "A3", ["firms"])
    assert params["absorptive"] < det.A3_ABSORPTIVE_BELOW
    assert params["industry"] == pytest.approx(ind(state, "industry"), abs=0.05)


def test_a3_quiet_in_region_that_can_absorb_it(base):
    sc = scenario(base, indicators={"absorptive": 60})
    state = play(sc, {"funds": {"firms": ["firms.hightech_diversification"]}})
    assert "A3" not in fired_in(state, 1)


def test_a3_quiet_with_high_road_upgrading_instead(base):
    sc = scenario(base, indicators={"absorptive": 35})
    state = play(sc, {"funds": {"firms": ["firms.highroad_upgrading"]}})
    assert "A3" not in fired_in(state, 1)


# --------------------------------------------------------------------------------------------
# B: naive faith in linkages
# --------------------------------------------------------------------------------------------
def test_b1_region_talking_only_to_itself_fires_from_round_3_with_cooldown(base):
    sc = scenario(base, indicators={"external": 25})
    state = play(sc, *[{}] * 6)
    assert "B1" not in fired_in(state, 1) | fired_in(state, 2)   # not before B1_FROM_ROUND
    params = assert_fired(state, 3, "B1", ["firms", "local"])
    assert params["external"] < det.B1_EXTERNAL_BELOW
    assert [r for r, f in state.fired if f == "B1"] == [3, 6]     # cooldown of 3 rounds


@pytest.mark.parametrize("who, action", [
    ("firms", "firms.recruit_outside"), ("local", "local.supra_regional"),
])
def test_b1_quiet_when_someone_reaches_out(base, who, action):
    sc = scenario(base, indicators={"external": 25})
    state = play(sc, {}, {"funds": {who: [action]}}, {}, {})
    assert "B1" not in fired_in(state, 3) | fired_in(state, 4)
    # it is the reaching out, not the indicator, that keeps it quiet
    assert ind(state, "external") < det.B1_EXTERNAL_BELOW
    assert state.records[1]["round"] == 2


def test_b2_facilities_without_firm_university_trust_fires(base):
    sc = scenario(base, trust=30.0)
    state = play(sc, {"funds": {"university": ["university.equipment_grant"]}})
    params = assert_fired(state, 1, "B2", ["university"])
    assert params["trust"] < det.B2_TRUST_BELOW


REVEAL = DealTerms(("firms",), commitments=(Commitment("university", "reveal_agenda"),))


@pytest.mark.parametrize("rounds", [
    [{"deals": [("university", REVEAL)],
      "funds": {"university": ["university.equipment_grant"]}}],
    [{"deals": [("university", REVEAL)]},
     {"funds": {"university": ["university.equipment_grant"]}}],
], ids=["deal-same-round", "deal-last-round"])
def test_b2_quiet_when_firms_and_university_made_a_deal(base, rounds):
    sc = scenario(base, trust=30.0)
    state = play(sc, *rounds)
    assert "B2" not in {f for _, f in state.fired}
    # trust is still low: the partnership is what keeps it quiet
    assert state.trust[ROLES.index("firms"), ROLES.index("university")] < det.B2_TRUST_BELOW


def test_b3_park_never_followed_by_network_fires_two_rounds_later(base):
    state = play(base, {"funds": {"local": ["local.science_park"]}}, {}, {})
    assert "B3" not in fired_in(state, 1) | fired_in(state, 2)
    params = assert_fired(state, 3, "B3", ["local"])
    assert params["network"] == pytest.approx(ind(state, "network"), abs=0.05)


@pytest.mark.parametrize("network", [
    [(1, "local", "local.labour_council"), (2, "firms", "firms.supplier_consortium")],
    [(2, "firms", "firms.supplier_consortium"), (3, "university", "university.tech_transfer_office")],
    [(1, "local", "local.labour_council"), (3, "university", "university.tech_transfer_office")],
], ids=["rounds-1-2", "rounds-2-3", "rounds-1-3"])
def test_b3_quiet_when_park_is_followed_by_enough_network_programmes(base, network):
    """A 35 park needs network programmes worth B3_NETWORK_PER_COST of it (14) within its
    window; two of them together are enough."""
    rounds = [{"funds": {"local": ["local.science_park"]}}, {"funds": {}}, {"funds": {}}]
    for when, who, action in network:
        funds = rounds[when - 1]["funds"]
        funds[who] = funds.get(who, []) + [action]
    state = play(base, *rounds)
    assert ("local", "local.science_park") in {(r, a) for (r, a, *_x) in state.records[0]["funded"]}
    assert "B3" not in {f for _, f in state.fired}


# --------------------------------------------------------------------------------------------
# C: failures of the public sector
# --------------------------------------------------------------------------------------------
def test_c1_designations_beyond_the_plan_fire(base):
    sc = scenario(base, designation_limit=2)
    state = play(sc, {"funds": {"ministry": ["ministry.designate_cluster"] * 3}})
    params = assert_fired(state, 1, "C1", ["ministry"])
    assert params == {"count": 3, "limit": 2}


def test_c1_quiet_within_the_designation_limit(base):
    sc = scenario(base, designation_limit=2)
    state = play(sc, {"funds": {"ministry": ["ministry.designate_cluster"] * 2}})
    assert "C1" not in fired_in(state, 1)
    assert state.designations == 2


LOBBY = {"funds": {"local": ["local.lobby_ministry"]}}


@pytest.fixture(scope="module")
def near_lock_in(base):
    """The region with lock-in just low enough that one round without lobbying ends below
    C1_LOCK_IN and one round of lobbying ends at or above it (found by playing, so the test
    does not depend on the model's lock-in numbers)."""
    def lock_after(start, rnd):
        return ind(play(scenario(base, indicators={"lock_in": start}), rnd), "lock_in")
    for start in range(det.C1_LOCK_IN - 10, det.C1_LOCK_IN + 10):
        if lock_after(start, {}) < det.C1_LOCK_IN <= lock_after(start, LOBBY):
            return scenario(base, indicators={"lock_in": start})
    pytest.fail("no starting lock-in where one round of lobbying crosses C1_LOCK_IN")


def test_c1_lobbying_into_lock_in_fires(near_lock_in):
    state = play(near_lock_in, LOBBY)
    params = assert_fired(state, 1, "C1", ["local"])
    assert params["lock"] >= det.C1_LOCK_IN


def test_c1_quiet_without_lobbying(near_lock_in):
    state = play(near_lock_in, {})
    assert "C1" not in fired_in(state, 1)


def test_c2_unconditional_subsidy_to_firms_fires(base):
    gift = DealTerms(("firms",), transfers=(Transfer("ministry", "firms", 20),))
    state = play(base, {"deals": [("ministry", gift)]})
    params = assert_fired(state, 1, "C2", ["ministry", "firms"])
    assert params == {}      # the reason is public: it names no deal amount


@pytest.mark.parametrize("deals", [
    # one deal: 20 with no strings, paid as two transfers of 10
    [DealTerms(("firms",), transfers=(Transfer("ministry", "firms", 10),) * 2)],
    # two deals of 10 each in the same round (the only transfer size deal_templates offers)
    [DealTerms(("firms",), transfers=(Transfer("ministry", "firms", 10),))] * 2,
], ids=["one-deal-two-transfers", "two-deals"])
def test_c2_unconditional_subsidy_split_into_small_transfers_fires(base, deals):
    """The same 20 handed over with no conditions, only split up: the round's total counts."""
    state = play(base, {"deals": [("ministry", d) for d in deals]})
    assert sum(a for (_g, _r, a, c) in state.records[0]["transfers"] if c is None) == 20
    assert_fired(state, 1, "C2", ["ministry", "firms"])


@pytest.mark.parametrize("terms, funds", [
    (DealTerms(("firms",), transfers=(Transfer("ministry", "firms", 20, "firms.invest_rd"),)),
     {"firms": ["firms.invest_rd"]}),
    (DealTerms(("firms",), transfers=(Transfer("ministry", "firms", det.C2_UNCONDITIONAL - 5),)),
     {}),
], ids=["conditional", "small"])
def test_c2_quiet_for_conditional_or_small_transfer(base, terms, funds):
    state = play(base, {"deals": [("ministry", terms)], "funds": funds})
    assert "C2" not in fired_in(state, 1)
    assert state.records[0]["transfers"], "the transfer did happen"
    assert not state.records[0]["broken"]


def test_c3_local_policy_of_buildings_only_fires(base):
    state = play(base, {"funds": {"local": ["local.build_centre"]}})
    params = assert_fired(state, 1, "C3", ["local"])
    assert params == {"share": 100}


@pytest.mark.parametrize("rounds", [
    [{"funds": {"local": ["local.build_centre", "local.training_programme"]}}],
    [{"funds": {"local": ["local.training_programme"]}}, {"funds": {"local": ["local.build_centre"]}}],
], ids=["programme-same-round", "programme-last-round"])
def test_c3_quiet_when_building_comes_with_a_programme(base, rounds):
    state = play(base, *rounds)
    assert "C3" not in {f for _, f in state.fired}


OVERLAP = {"ministry": ["ministry.fund_diagnosis"], "local": ["local.commission_diagnosis"]}
MEET = DealTerms(("local",), commitments=(Commitment("ministry", "reveal_agenda"),))


def test_c4_overlapping_programmes_without_talking_fire(base):
    state = play(base, {"funds": OVERLAP})
    params = assert_fired(state, 1, "C4", ["local", "ministry"])
    assert params == {"kinds": ["diagnosis"]}


@pytest.mark.parametrize("extra", [
    {"funds": {**OVERLAP, "ministry": OVERLAP["ministry"] + ["ministry.coordination"]}},
    {"funds": OVERLAP, "deals": [("ministry", MEET)]},
    {"funds": {"ministry": ["ministry.fund_diagnosis"], "local": ["local.welfare"]}},
], ids=["coordination-meeting", "ministry-local-deal", "different-kinds"])
def test_c4_quiet_with_coordination(base, extra):
    state = play(base, extra)
    assert "C4" not in fired_in(state, 1)


def test_c5_cancelling_a_running_programme_fires(base):
    state = play(base, {"funds": {"local": ["local.training_programme"]}},
                 {"cancels": {"local": ["local.training_programme"]}})
    assert "C5" not in fired_in(state, 1)
    assert_fired(state, 2, "C5", ["local"])
    assert state.records[1]["cancelled"] == [("local", "local.training_programme", False)]


def test_c5_quiet_when_programme_is_kept(base):
    state = play(base, {"funds": {"local": ["local.training_programme"]}}, {}, {}, {})
    assert "C5" not in {f for _, f in state.fired}


GOV_CHANGE = Trigger(2, "change_of_government", _t("New government"), _t("Elections."))


def test_c5_buildings_right_after_change_of_government_fire(base):
    sc = scenario(base, triggers=(GOV_CHANGE,))
    state = play(sc, {}, {"funds": {"local": ["local.build_centre"]}})
    params = assert_fired(state, 2, "C5", ["local"])
    assert params == {"hardware": 25, "programmes": 0}


@pytest.mark.parametrize("rounds", [
    [{}, {"funds": {"local": ["local.build_centre", "local.training_programme"],
                    "firms": ["firms.highroad_upgrading"]}}],      # programmes outweigh it
    [{}, {}, {}, {"funds": {"local": ["local.build_centre"]}}],    # long after the change
], ids=["programmes-outweigh", "later"])
def test_c5_quiet_when_programmes_kept_up_after_change(base, rounds):
    sc = scenario(base, triggers=(GOV_CHANGE,))
    state = play(sc, *rounds)
    assert state.gov_change_round == 2
    assert "C5" not in {f for _, f in state.fired}


# --------------------------------------------------------------------------------------------
# D: relying on cluster policy alone
# --------------------------------------------------------------------------------------------
def test_d1_downturn_nobody_acts_on_fires(base):
    sc = scenario(base, macro=-0.8)
    state = play(sc, {})
    params = assert_fired(state, 1, "D1", ["ministry"])
    assert params == {"macro": -0.8}


def test_d1_macro_shock_trigger_fires(base):
    shock = Trigger(2, "macro_shock", _t("Crash"), _t("Exports collapse."), )
    shock = replace(shock, effects=replace(shock.effects, macro=-0.8))
    state = new_game(scenario(base, triggers=(shock,)), SEED)
    state = play_round(state)
    assert "D1" not in fired_in(state, 1)
    assert state.macro <= det.D1_MACRO_BELOW      # the shock hit at the start of round 2
    state = play_round(state)
    params = assert_fired(state, 2, "D1", ["ministry"])
    assert params["macro"] <= det.D1_MACRO_BELOW


def test_d1_quiet_with_macro_measure(base):
    sc = scenario(base, macro=-0.8)
    state = play(sc, {"funds": {"ministry": ["ministry.macro_measure"]}})
    assert "D1" not in fired_in(state, 1)


WEAK = {"industry": 30, "absorptive": 28}       # a lagging region: the two average 29 < 40
CLUSTER = {"funds": {"ministry": ["ministry.uniform_programme"]}}


def test_d2_cluster_money_without_welfare_in_a_weak_region_fires_with_cooldown(base):
    sc = scenario(base, indicators={**WEAK, "cohesion": 30})
    state = play(sc, *[CLUSTER] * 4)
    params = assert_fired(state, 1, "D2", ["ministry"])
    assert params["cohesion"] < det.D2_COHESION_BELOW
    assert params["welfare"] == 0 and params["cluster"] == 20
    assert [r for r, f in state.fired if f == "D2"] == [1, 4]


@pytest.mark.parametrize("who, action", [
    ("local", "local.welfare"), ("ministry", "ministry.cohesion_transfer"),
])
def test_d2_quiet_with_welfare(base, who, action):
    sc = scenario(base, indicators={**WEAK, "cohesion": 28})
    funds = {**CLUSTER["funds"]}
    funds[who] = funds.get(who, []) + [action]
    state = play(sc, {"funds": funds})
    assert "D2" not in fired_in(state, 1)


def test_d2_quiet_where_the_region_is_not_weak(base):
    """Low cohesion alone, in a region with a sound base, is not D2's trap."""
    sc = scenario(base, indicators={"cohesion": 30})
    state = play(sc, *[CLUSTER] * 2)
    assert "D2" not in {f for _, f in state.fired}


# --------------------------------------------------------------------------------------------
# Option tags: walking into a trap on an event card
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fid", FAILURE_IDS)
def test_option_tagged_with_a_failure_fires_it(base, fid):
    state = play(base, {"option": f"trap-{fid}"})
    params = assert_fired(state, 1, fid, QUIET_CARD.deciders)
    assert params["card"] == dict(QUIET_CARD.title)
    assert params["option"] == dict(QUIET_CARD.option(f"trap-{fid}").text)
    assert fired_in(state, 1) == {fid}


def test_real_card_option_fires_once_and_its_alternative_is_quiet(base):
    sc = scenario(base, fixed_cards={1: "a1-standard-package"})
    rolled = play(sc, {"option": "roll-out"})   # tagged A1, and starts a uniform programme
    chooser = rolled.records[0]["option"][0]
    assert_fired(rolled, 1, "A1", [chooser])
    # the option is charged to the role that chose it, not to every role that could have
    who = [e for e in rolled.log if e.kind == "failure_roles" and e.round == 1 and e.data["failure"] == "A1"]
    assert tuple(who[0].data["roles"]) == (chooser,)
    diagnosed = play(sc, {"option": "diagnose-first"})
    assert "A1" not in fired_in(diagnosed, 1)


# --------------------------------------------------------------------------------------------
# Well-behaved play: the baseline AI in every seat
# --------------------------------------------------------------------------------------------
RISKY_ACTION_DETECTORS = ("A1", "A3", "B2", "C2", "C3")


def _risk_free(sc, rec) -> bool:
    """Nobody took a risky action this round: no option tagged with a failure, no hardware,
    no action tagged A1/A3/B2, no unconditional transfer, no cancellation."""
    if rec["option"] and set(rec["option"][3]) & set(FAILURE_IDS):
        return False
    for (_r, a, kind, _c, _s) in rec["funded"]:
        if kind == "hardware" or set(sc.actions[a].tags) & {"A1", "A3", "B2"}:
            return False
    if any(cond is None for (_g, _r, _a, cond) in rec["transfers"]):
        return False
    return not rec["cancelled"]


@pytest.mark.parametrize("seed", range(8))
def test_baseline_play_fires_no_risky_action_detector(tutorial, seed):
    ais = {r: BaselineAI(r) for r in ROLES}
    state = new_game(tutorial, seed)
    while not is_over(state):
        state = apply(state, ais[current_player(state)].act(state))
    clean_rounds = [rec["round"] for rec in state.records if _risk_free(tutorial, rec)]
    assert clean_rounds, "the baseline took a risky action every round: nothing to check"
    risky_fired = [(r, f) for r, f in state.fired if f in RISKY_ACTION_DETECTORS and r in clean_rounds]
    assert risky_fired == []
    # whatever else fired is logged properly
    for r, f in state.fired:
        assert_fired(state, r, f, [])


def test_an_event_choice_is_blamed_on_the_role_that_chose_it_with_its_own_reason(base):
    # The election-ribbon card's centre option walks into C5 and C3. In the same round the
    # other level funds a hardware grant (a kind that can feed C5): the debrief must charge the
    # option to the chooser, with the option's reason, and not paint the other role's grant.
    from game.debrief.analysis import analyse
    sc = scenario(base, fixed_cards={1: "c5-ribbon-before-election"})
    state = new_game(sc, SEED)
    chooser = current_player(state)
    other = "ministry" if chooser == "local" else "local"
    grant = {"ministry": "ministry.hardware_grant", "local": "local.build_centre"}[other]
    state = play_round(state, option="build-centre", funds={other: [grant]})
    for fid in ("C5", "C3"):
        who = [e for e in state.log if e.kind == "failure_roles" and e.data["failure"] == fid and e.round == 1]
        if who and who[0].data["causes"] == [[chooser, "@option", 1]]:
            assert who[0].data["roles"] == [chooser]
    a = analyse(state)
    choice = next(d for d in a.timelines[chooser] if isinstance(d.action, ChooseOption))
    assert {"C5", "C3"} <= set(choice.triggered)
    assert any("option chosen walks into this trap" in r["msg"] for r in choice.reasons)
    paid = next(d for d in a.timelines[other] if isinstance(d.action, Fund) and d.action.action_id == grant)
    assert not any("option chosen walks into this trap" in r["msg"] for r in paid.reasons)
    assert "C3" not in paid.triggered or other == "local"


def test_c4_blames_the_duplicated_pair_not_every_programme_of_the_round(base):
    # The ministry funds a uniform programme and a hardware grant, the local government a
    # building, with no coordination: the duplicated pair is the two pieces of hardware. The
    # uniform programme fed no duplication and must not carry C4's reason about buildings.
    from game.debrief.analysis import analyse
    sc = scenario(base)
    state = play(sc, {"funds": {"ministry": ["ministry.uniform_programme", "ministry.hardware_grant"],
                                "local": ["local.build_centre"]}})
    assert "C4" in fired_in(state, 1)
    who = next(e for e in state.log if e.kind == "failure_roles" and e.data["failure"] == "C4")
    assert sorted(map(tuple, who.data["causes"])) == [("local", "local.build_centre", 1),
                                                      ("ministry", "ministry.hardware_grant", 1)]
    a = analyse(state)
    by_action = {d.action.action_id: d for r in ("ministry", "local") for d in a.timelines[r]
                 if isinstance(d.action, Fund)}
    assert "C4" in by_action["ministry.hardware_grant"].triggered
    assert "C4" in by_action["local.build_centre"].triggered
    assert "C4" not in by_action["ministry.uniform_programme"].triggered


def test_c5_blames_the_cancellation_not_the_building_of_the_same_round(base):
    from game.debrief.analysis import analyse
    from game.engine.actions import Cancel as CancelMove
    sc = scenario(base)
    state = play(sc, {"funds": {"local": ["local.training_programme"]}},
                 {"cancels": {"local": ["local.training_programme"]}, "funds": {"local": ["local.build_centre"]}})
    assert "C5" in fired_in(state, 2)
    who = next(e for e in state.log if e.kind == "failure_roles" and e.data["failure"] == "C5")
    assert who.data["causes"] == [["local", "@cancel", 2]]
    a = analyse(state)
    cancel = next(d for d in a.timelines["local"] if isinstance(d.action, CancelMove))
    built = next(d for d in a.timelines["local"] if isinstance(d.action, Fund) and d.round == 2
                 and d.action.action_id == "local.build_centre")
    assert "C5" in cancel.triggered and "C5" not in built.triggered


# --------------------------------------------------------------------------------------------
# Causes: each rule names the decisions that fed it; the debrief charges exactly those
# --------------------------------------------------------------------------------------------
def _triggered(a, role, fid):
    return [d for d in a.timelines[role] if fid in d.triggered]


def test_c2_is_charged_to_the_deal_that_handed_firms_money_without_strings(base):
    from game.debrief.analysis import analyse
    gift = DealTerms(("firms",), transfers=(Transfer("ministry", "firms", 20),))
    state = play(base, {"deals": [("ministry", gift)], "funds": {"ministry": ["ministry.hardware_grant"]}})
    who = next(e for e in state.log if e.kind == "failure_roles" and e.data["failure"] == "C2")
    deal_id = state.deals[-1].id
    assert sorted(map(tuple, who.data["causes"])) == [("firms", f"@deal:{deal_id}", 1),
                                                      ("ministry", f"@deal:{deal_id}", 1)]
    a = analyse(state)
    assert [d.kind for d in _triggered(a, "ministry", "C2")] == ["propose"]
    assert [d.kind for d in _triggered(a, "firms", "C2")] == ["accept"]


def test_a_downturn_nobody_answered_names_no_decision(base):
    # D1 is fed by what the ministry left undone: it sees the failure among those it fed, and
    # none of its decisions (a hardware grant of the same round) is painted with it
    from game.debrief.analysis import analyse
    state = play(scenario(base, macro=-0.8), {"funds": {"ministry": ["ministry.hardware_grant"]}})
    who = next(e for e in state.log if e.kind == "failure_roles" and e.data["failure"] == "D1")
    assert who.data["causes"] == [["ministry", "@none", 1]]
    a = analyse(state)
    assert (1, "D1") in a.fed["ministry"]
    assert _triggered(a, "ministry", "D1") == []


def test_a_park_an_event_choice_built_is_charged_to_the_role_that_chose(base):
    # A card whose option builds a science park for the local government, decided by the
    # ministry, in a region that cannot absorb it (A2): the ministry's choice fed A2
    from game.debrief.analysis import analyse
    card = Card(id="test-park", theme="neutral", title=_t("A park offer"), text=_t("Build it?"),
                deciders=("ministry",), section="III.1(2)",
                options=(CardOption("build", _t("Build the park"), tags=(),
                                    effects=Effects(funds="local.science_park")),))
    sc = scenario(base, indicators={"absorptive": 30}, cards={**base.cards, card.id: card},
                  fixed_cards={1: card.id})
    state = play(sc, {"option": "build"})
    who = next(e for e in state.log if e.kind == "failure_roles" and e.data["failure"] == "A2")
    assert who.data["causes"] == [["ministry", "@option", 1]]
    assert "ministry" in who.data["roles"]
    a = analyse(state)
    assert [d.kind for d in _triggered(a, "ministry", "A2")] == ["option"]
    assert _triggered(a, "local", "A2") == []


@pytest.mark.parametrize("scenario_id", ["tutorial", "manufacturing-hub", "lagging-rural"])
def test_every_failure_that_fires_names_its_causes_and_the_debrief_finds_them(scenario_id):
    """In ordinary games (baseline AIs, tempted and not), every firing declares at least one
    cause, each cause's role is among those who fed it, and every cause that is a decision is
    found in that role's timeline carrying the failure — nothing is charged by guesswork."""
    from game.debrief.analysis import _cause_id, analyse
    from game.headless import play_game
    sc = load_scenario(scenario_id)
    checked = 0
    for seed in range(4):
        state = play_game(sc, seed)
        a = analyse(state)
        for f in a.fired:
            assert f.causes, f"{f.failure} in round {f.round} names no cause"
            for role, cause, rnd in f.causes:
                assert role in f.roles and rnd <= f.round
                if cause == det.NO_DECISION:
                    continue
                hits = [d for d in a.timelines[role] if _cause_id(d) == cause and d.round == rnd]
                assert hits, f"{f.failure}: cause {role} {cause} round {rnd} is no decision"
                assert all(f.failure in d.triggered for d in hits)
                checked += 1
    assert checked > 10
