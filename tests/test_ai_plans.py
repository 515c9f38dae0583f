"""The AI's plans as data (personalities.yaml's `deals:` and `baseline:`, read by
game/content/ai_plans.py, evaluated by game/ai/plans.py): editing the data changes what the AIs
do, and every bad input is reported with file:line:column."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.ai import make_ai, plans
from game.content.ai_plans import DEAL_REASONS, When, load_ai_plans
from game.content.loader import BUILTIN_ROOT, load_scenario, validate_paths
from game.engine import apply, current_player, is_over, new_game
from game.engine.actions import Fund, ProposeDeal, Transfer
from game.engine.constants import ROLES

BUILTIN = (BUILTIN_ROOT / "personalities.yaml").read_text(encoding="utf-8")
PLANS_START = BUILTIN.index("\n# ---")        # the personalities, without the AI's plans
PERSONALITIES_ONLY = BUILTIN[:PLANS_START + 1]


def play(scenario, seed: int, level: str):
    seats = {r: make_ai(level, r, seed, scenario=scenario) for r in ROLES}
    state = new_game(scenario, seed)
    while not is_over(state):
        state = apply(state, seats[current_player(state)].act(state))
    return state


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the built-in content folder, to edit."""
    root = tmp_path / "scenarios"
    shutil.copytree(BUILTIN_ROOT, root)
    return root


def use_plans(monkeypatch, root: Path):
    loaded = load_ai_plans(content_root=root)
    monkeypatch.setattr(plans, "builtin_plans", lambda: loaded)
    return loaded


def edit(root: Path, old: str, new: str) -> None:
    path = root / "personalities.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- the data drives the AI -------------------------------------------------------------------

def test_the_built_in_plans_cover_every_role():
    p = plans.builtin_plans()
    for role in ROLES:
        assert p.deals[role]["sound"] and p.deals[role]["short"], role
        assert p.baseline[role].funds and p.baseline[role].tempted_funds, role
        for mood in ("sound", "short"):
            assert all(d.reason in DEAL_REASONS for d in p.deals[role][mood])


def test_a_changed_deal_in_the_data_is_what_the_ai_proposes(content, monkeypatch):
    sc = load_scenario("lagging-rural")

    def ministry_grants():
        st = play(sc, 1, "easy")
        return [t for a in st.history if isinstance(a, ProposeDeal) and a.role == "ministry"
                for t in a.terms.transfers]

    before = ministry_grants()
    assert Transfer("ministry", "local", 10, "local.training_programme") in before
    edit(content, "amount: 10, tied_to: local.training_programme,\n         budget_at_least: 10",
         "amount: 12, tied_to: local.labour_council,\n         budget_at_least: 12")
    use_plans(monkeypatch, content)
    after = ministry_grants()
    assert Transfer("ministry", "local", 12, "local.labour_council") in after
    assert Transfer("ministry", "local", 10, "local.training_programme") not in after


def test_a_changed_baseline_plan_is_what_the_baseline_funds(content, monkeypatch):
    sc = load_scenario("tutorial")

    def university_funds():
        st = play(sc, 1, "baseline")
        return [a.action_id for a in st.history if isinstance(a, Fund) and a.role == "university"]

    assert "university.basic_research" not in university_funds()[:3]
    edit(content, "    funds:\n      - {action: university.applied_research}",
         "    funds:\n      - {action: university.basic_research}\n"
         "      - {action: university.applied_research}")
    use_plans(monkeypatch, content)
    assert university_funds()[0] == "university.basic_research"


def test_a_baseline_deal_of_the_data_is_proposed(content, monkeypatch):
    sc = load_scenario("tutorial")
    edit(content, "      - {kind: grant, from: ministry, to: local, amount: 10, tied_to: local.training_programme}\n",
         "      - {kind: grant, from: ministry, to: university, amount: 7, tied_to: university.applied_research}\n")
    use_plans(monkeypatch, content)
    st = play(sc, 2, "baseline")
    offered = [t for a in st.history if isinstance(a, ProposeDeal) and a.role == "ministry"
               for t in a.terms.transfers]
    assert Transfer("ministry", "university", 7, "university.applied_research") in offered
    assert all(t.receiver != "local" for t in offered)


def test_conditions_read_the_observation():
    obs = {"region": {"absorptive": 54.9, "network": 60.0}, "macro": -0.31, "diagnosis_in_force": False,
           "budgets": {"local": 45}, "designations": 2}
    assert plans.holds(When(), obs, "local")
    assert plans.holds(When(indicator="absorptive", below=55), obs, "local")
    assert not plans.holds(When(indicator="absorptive", at_least=55), obs, "local")
    assert plans.holds(When(indicator="network", at_least=60), obs, "local")
    assert plans.holds(When(macro_below=-0.3), obs, "local")
    assert not plans.holds(When(macro_below=-0.4), obs, "local")
    assert plans.holds(When(no_diagnosis=True), obs, "local")
    assert not plans.holds(When(no_diagnosis=True), {**obs, "diagnosis_in_force": True}, "local")
    assert plans.holds(When(budget_at_least=45), obs, "local")
    assert not plans.holds(When(budget_at_least=46), obs, "local")
    assert plans.holds(When(designations_below=3), obs, "local")
    assert not plans.holds(When(designations_below=2), obs, "local")
    # every part must hold
    assert not plans.holds(When(macro_below=-0.3, budget_at_least=46), obs, "local")


# --- validation ---------------------------------------------------------------------------------

def problems_of(tmp_path: Path, plans_yaml: str):
    path = tmp_path / "personalities.yaml"
    text = PERSONALITIES_ONLY + plans_yaml
    path.write_text(text, encoding="utf-8")
    return text, [p for p in validate_paths([path]) if p.is_error]


def at(text: str, fragment: str) -> tuple[int, int]:
    """(line, column), 1-based, of the first `fragment` in the plans part of `text`."""
    i = text.index(fragment, len(PERSONALITIES_ONLY))
    line = text.count("\n", 0, i) + 1
    return line, i - (text.rfind("\n", 0, i) + 1) + 1


def only(problems, text: str, fragment: str):
    assert len(problems) == 1, [str(p) for p in problems]
    p = problems[0]
    assert (p.line, p.column) == at(text, fragment), str(p)
    assert str(p).startswith(f"{p.path}:{p.line}:{p.column}")
    return p.message


def test_the_built_in_plans_are_valid():
    assert not [p for p in validate_paths([BUILTIN_ROOT / "personalities.yaml"]) if p.is_error]


def fund(role: str, entry: str, key: str = "funds") -> str:
    return f"baseline:\n  {role}:\n    {key}:\n      - {entry}\n"


def deal(role: str, entry: str, mood: str = "sound") -> str:
    return f"deals:\n  {role}:\n    {mood}:\n      - {entry}\n"


BAD_PLANS = [     # (the plans' YAML, where the one error must be, words its message must hold)
    # an unknown action, with a suggestion
    (fund("ministry", "{action: ministry.capacity_grnt}"),
     "ministry.capacity_grnt", ("ministry.capacity_grant",)),
    # another role's action
    (fund("ministry", "{action: local.welfare}"),
     "local.welfare", ("not an action of the role", "ministry")),
    # a typo in a condition's key, with a suggestion
    (fund("local", "{action: local.welfare, when: {indicater: cohesion, below: 40}}"),
     "indicater", ("did you mean", "indicator")),
    (fund("local", "{action: local.welfare, when: {indicator: cohesin, below: 40}}"),
     "cohesin", ("cohesion",)),
    (fund("local", "{action: local.welfare, when: {indicator: cohesion, below: 140}}"),
     "140", ("0", "100")),
    (fund("local", "{action: local.welfare, when: {indicator: cohesion}}"),
     "cohesion}", ("below", "at_least")),
    (fund("local", "{action: local.welfare, when: {below: 40}}"),
     "40}", ("indicator",)),
    (fund("ministry", "{action: ministry.macro_measure, when: {macro_below: -3}}"),
     "-3}", ("-1", "1")),
    (fund("ministry", "{action: ministry.fund_diagnosis, when: {no_diagnosis: false}}"),
     "false", ("true",)),
    (fund("local", "{action: local.build_centre, when: {budget_at_least: 4.5}}"),
     "4.5", ("whole number",)),
    (fund("ministry", "{action: ministry.designate_cluster, when: {designations_below: 99}}", "tempted_funds"),
     "99", ("20",)),
    # a role that does not exist, a key that does not
    ("baseline:\n  ministy:\n    funds: []\n", "ministy", ("ministry",)),
    ("baseline:\n  ministry:\n    fund: []\n", "fund:", ("funds",)),
    # deals
    (deal("ministry", "{kind: grant, from: ministry, to: local, amount: 0, reason: tied_grant}"),
     "0, reason", ("1", "200")),
    (deal("ministry", "{kind: grant, from: ministry, to: local, amount: 500, reason: tied_grant}"),
     "500", ("200",)),
    (deal("ministry", "{kind: grnt, from: ministry, to: local, amount: 5, reason: tied_grant}"),
     "grnt", ("grant",)),
    (deal("ministry", "{from: ministry, to: local, amount: 5, reason: tied_grant}"),
     "{from", ("kind",)),
    (deal("ministry", "{kind: grant, from: ministry, to: local, amount: 5, reason: tied_grnt}"),
     "tied_grnt", ("tied_grant",)),
    (deal("ministry", "{kind: grant, from: ministry, to: local, amount: 5}"),
     "{kind", ("reason",)),
    (deal("ministry", "{kind: grant, from: firms, to: local, amount: 5, reason: tied_grant}"),
     "{kind", ("'ministry'", "'from'", "'to'")),
    (deal("ministry", "{kind: grant, from: ministry, to: ministry, amount: 5, reason: tied_grant}"),
     "ministry, amount", ("itself",)),
    (deal("ministry", "{kind: grant, from: ministry, to: local, amount: 5,"
          " tied_to: firms.invest_rd, reason: tied_grant}"),
     "firms.invest_rd", ("not an action of the role", "local")),
    (deal("ministry", "{kind: grant, from: ministry, to: local, amount: 5, reason: cofund_trust}"),
     "cofund_trust", ("tied_to",)),
    (deal("firms", "{kind: cofund, action: university.applied_reserch, payer: firms,"
          " reason: cofund_research}"),
     "university.applied_reserch", ("university.applied_research",)),
    (deal("university", "{kind: cofund, action: university.applied_research,"
          " payer: university, reason: cofund_research}"),
     "university, reason", ("another role",)),
    (deal("local", "{kind: cofund, action: university.applied_research, payer: firms,"
          " reason: cofund_research}"),
     "{kind", ("'local'", "'payer'")),
    (deal("firms", "{kind: cofund, action: university.applied_research, payer: firms,"
          " budget_at_least: -1, reason: cofund_research}"),
     "-1", ("0", "500")),
    ("deals:\n  ministry:\n    normal: []\n", "normal", ("sound", "short")),
    # the baseline's deals have no `reason` (it does not explain itself)
    (fund("ministry", "{kind: grant, from: ministry, to: local, amount: 5, reason: tied_grant}", "deals"),
     "reason", ("reason", "'from'")),
]


@pytest.mark.parametrize("yaml_text, fragment, words", BAD_PLANS, ids=[f for _y, f, _w in BAD_PLANS])
def test_a_bad_plan_is_reported_at_its_place(tmp_path, yaml_text, fragment, words):
    text, problems = problems_of(tmp_path, yaml_text)
    message = only(problems, text, fragment)
    for w in words:
        assert w in message, message


def test_a_broken_plan_stops_loading_the_plans(tmp_path):
    from game.content import ContentError
    text, _problems = problems_of(tmp_path, "baseline:\n  ministry:\n    funds:\n      - {action: nope.x}\n")
    with pytest.raises(ContentError) as err:
        load_ai_plans(tmp_path / "personalities.yaml")
    assert f"personalities.yaml:{at(text, 'nope.x')[0]}:" in str(err.value.problems[0])


def test_without_plans_the_ai_proposes_nothing_and_the_baseline_funds_nothing(tmp_path, monkeypatch):
    (tmp_path / "personalities.yaml").write_text(PERSONALITIES_ONLY, encoding="utf-8")
    loaded = load_ai_plans(tmp_path / "personalities.yaml")
    assert not loaded.deals and not loaded.baseline
    monkeypatch.setattr(plans, "builtin_plans", lambda: loaded)
    st = play(load_scenario("tutorial"), 1, "baseline")
    assert not [a for a in st.history if isinstance(a, (Fund, ProposeDeal))]
