"""The editor edits every field of the scenario format (issue 14, item 2): learning goals, agenda
weights, a card's deciders, tags, option effects and explanations, more than four triggers, and
a personality's favoured and tempting actions and failure types. Each edit is made through the
window (a click on a toggle, a typed number, Tab and Enter), saved into the user folder, loaded
back with `load_scenario` and played. Steppers keep to the field table's bounds, and the pages
fit at the layout test's views. SDL runs with dummy drivers; CPG_DATA_DIR is a temporary folder."""
from __future__ import annotations

import pygame
import pytest

from tests.test_editor import app, builtin_hashes, open_in_editor, plays, save_as, type_into  # noqa: F401 (app: the editor tests' fixture)
from tests.ui_driver import click, press


def button(ed, text: str, after=None):
    """The page's enabled button whose label is `text` (the first after the element `after`)."""
    found = [b for b, _cb in ed.focusables if b.text == text]
    if after is not None:
        found = [b for b in found if b.rect.y > after.rect.y or (b.rect.y == after.rect.y and b.rect.x > after.rect.x)]
    assert found, (text, sorted({b.text for b, _cb in ed.focusables}))
    return found[0]


def heading(app, text: str):
    """The page's label showing `text` (found afresh: every change rebuilds the page)."""
    return next(el for el in app.manager.get_sprite_group().sprites() if getattr(el, "text", "") == text)


def click_button(app, ed, text: str, after=None) -> None:
    b = button(ed, text, after)
    ed.reveal(b)
    app.step(0)
    assert ed.body.rect.contains(b.rect), text
    click(app, b.rect.center)


def test_learning_goals_toggled_by_clicks_save_and_play(app, data_dir):
    from game.content.loader import load_scenario
    before = builtin_hashes()
    ed = open_in_editor(app, pygame.K_1)                 # the tutorial: failures A1 A2 B3 C5 D2, lessons L1 L2 L5
    assert ed.page == "general"
    click_button(app, ed, "✓ A2")                        # out
    click_button(app, ed, "B1")                          # in, in catalogue order
    click_button(app, ed, "L3")
    assert ed.doc.get(("learning_goals", "failures")) == ["A1", "B1", "B3", "C5", "D2"]
    path = save_as(app, "goals-copy")
    sc = load_scenario(path)
    assert sc.learning_failures == ("A1", "B1", "B3", "C5", "D2")
    assert sc.learning_lessons == ("L1", "L2", "L3", "L5")
    plays(path)
    assert builtin_hashes() == before


def test_toggles_work_from_the_keyboard_and_keep_the_focus(app, data_dir):
    """Tab to a toggle, Enter: the id goes in, the page is rebuilt and the keyboard is still on
    the same button (now '✓ …'); Enter again takes it out."""
    ed = open_in_editor(app, pygame.K_1)
    target = button(ed, "B1")
    index = next(i for i, (b, _cb) in enumerate(ed.focusables) if b is target)
    for _ in range(index + 1):
        press(app, pygame.K_TAB)
    assert ed.focus == index
    press(app, pygame.K_RETURN)
    assert "B1" in ed.doc.get(("learning_goals", "failures"))
    assert ed.focus == index and ed.focusables[index][0].text == "✓ B1"
    assert ed.focusables[index][0].is_selected                  # still shown as the focused one
    press(app, pygame.K_RETURN)
    assert "B1" not in ed.doc.get(("learning_goals", "failures"))


def test_agenda_weights_typed_and_stepped_within_the_tables_bounds_save_and_play(app, data_dir):
    from game.content.fields import bounds
    from game.content.loader import load_scenario
    ed = open_in_editor(app, pygame.K_1)
    press(app, pygame.K_F3)
    assert ed.page == "budgets"
    # a metric the tutorial's local government does not weigh yet: typed into its blank field
    f = ed.field("roles.local.agenda.weights.deals_kept")
    assert f.entry.get_text() == ""
    type_into(app, f, "1.5")
    # the stepper stops where the validator does
    g = ed.field("roles.firms.agenda.weights.subsidies")
    low, high = bounds("scenario", ("roles", "firms", "agenda", "weights", "subsidies"))
    assert g.bounds == (low, high) and high == 10
    for _ in range(3):
        ed.nudge(g.key, 5)
    assert g.entry.get_text() == str(high)
    # a blank field leaves the key out
    type_into(app, ed.field("roles.university.agenda.weights.subsidies"), "")
    ed.sync()
    assert not ed.errors, [str(p) for _p, p in ed.errors]
    path = save_as(app, "weights-copy")
    sc = load_scenario(path)
    assert sc.roles["local"].agenda_weights["deals_kept"] == 1.5
    assert sc.roles["firms"].agenda_weights["subsidies"] == high
    assert "subsidies" not in sc.roles["university"].agenda_weights
    plays(path)


def test_a_weight_out_of_range_is_shown_at_its_field(app, data_dir):
    ed = open_in_editor(app, pygame.K_1)
    press(app, pygame.K_F3)
    f = ed.field("roles.local.agenda.weights.subsidies")
    type_into(app, f, "50")
    ed.sync()
    probs = ed.problems_at(f.path)
    assert probs and probs[0].is_error and "10" in probs[0].message
    app.draw()


def test_personality_weight_steppers_keep_to_the_field_table(app, data_dir):
    from game.content.fields import bounds
    ed = open_in_editor(app, pygame.K_1)
    press(app, pygame.K_F8)
    pid = ed.copy_personality("budget_bureaucrat")
    for key in ("objectives", "agenda"):
        f = ed.field(f"ai.{pid}.weights.{key}")
        assert f.bounds == bounds("personality", ("personalities", "ministry", 0, "weights", key)) == (0, 5)
        labels = [el.text for el in app.manager.get_sprite_group().sprites() if hasattr(el, "text") and el.text]
        assert any(t.startswith("Weight: ") and t.endswith(f"{key} (0–5)") for t in labels), labels


def test_a_range_narrowed_in_the_field_table_narrows_the_editors_steppers_and_labels(app, data_dir, monkeypatch):
    """Issue 14's criterion on the editor's side: the bound and the label of a stepper are the
    table's, so a range changed there changes them (tests/test_field_table.py shows the same
    change in the validator and the format reference)."""
    import dataclasses

    from game.content import fields as F
    from game.presentation import agenda_metric_name

    def narrow(file, path, **changes):
        row = F.spec(file, path)
        monkeypatch.setattr(F, "FIELDS", tuple(dataclasses.replace(row, **changes) if s is row else s
                                               for s in F.FIELDS))

    narrow("scenario", ("roles", "firms", "agenda", "weights", "subsidies"), low=-2, high=4)
    narrow("personality", ("personalities", "ministry", 0, "weights", "agenda"), high=2)
    ed = open_in_editor(app, pygame.K_1)
    press(app, pygame.K_F3)
    g = ed.field("roles.firms.agenda.weights.subsidies")
    assert g.bounds == (-2, 4)
    for _ in range(3):
        ed.nudge(g.key, 5)
    assert g.entry.get_text() == "4"
    labels = [el.text for el in app.manager.get_sprite_group().sprites() if getattr(el, "text", "")]
    assert f"{agenda_metric_name('subsidies')} (−2 to 4)" in labels, labels
    press(app, pygame.K_F8)
    pid = ed.copy_personality("budget_bureaucrat")
    assert ed.field(f"ai.{pid}.weights.agenda").bounds == (0, 2)
    labels = [el.text for el in app.manager.get_sprite_group().sprites() if getattr(el, "text", "")]
    assert any(t.startswith("Weight: ") and t.endswith("agenda (0–2)") for t in labels), labels


def test_card_deciders_tags_effects_and_explanation_save_and_play(app, data_dir):
    """A shared card: its deciders and one option's tags toggled, an effect added, its kind
    changed and its number typed, another removed, the explanation typed. The scenario gets its
    own copy, which loads with every change and plays."""
    from game.content.loader import load_scenario
    before = builtin_hashes()
    ed = open_in_editor(app)                             # manufacturing-hub
    ed.edit_card("b3-full-but-silent")
    assert ed.page == "card"
    click_button(app, ed, "Central ministry")            # a decider more (the first change copies the card)
    assert ed.card_id == "b3-full-but-silent-edited"
    click_button(app, ed, "L2", after=heading(app, "Option 2"))   # option 2's tags: L2 in
    opt = ("cards", ed.doc.card_path(ed.card_id)[1], "options", 1)
    old = ed.doc.effect_keys(opt + ("effects",))
    click_button(app, ed, "Add an effect", after=heading(app, "Option 2"))
    keys = ed.doc.effect_keys(opt + ("effects",))
    (new,) = set(keys) - set(old)
    # the new effect's kind: one step on with the › after its name, then its number typed
    from game.ui.screens.editor import _effect_name
    name = button(ed, _effect_name(new), after=heading(app, "Option 2"))
    order = [b for b, _cb in ed.focusables]
    nxt = order[order.index(name) + 1]
    assert nxt.text == "›"
    ed.reveal(nxt)
    app.step(0)
    click(app, nxt.rect.center)
    keys2 = ed.doc.effect_keys(opt + ("effects",))
    (kind,) = set(keys2) - set(old)
    assert kind != new and len(keys2) == len(keys)
    n = keys2.index(kind)
    eff = next(f for f in ed.fields if f.key == f"card.option2.effects.{n}")
    type_into(app, eff, "3")
    # option 1's first effect removed
    first = ed.doc.effect_keys(("cards", opt[1], "options", 0, "effects"))
    click_button(app, ed, "Remove")
    assert ed.doc.effect_keys(("cards", opt[1], "options", 0, "effects")) == first[1:]
    type_into(app, ed.field("card.option2.explain.en"), "Our own explanation.")
    ed.sync()
    assert not ed.errors, [str(p) for _p, p in ed.errors]
    path = save_as(app, "card-copy")
    sc = load_scenario(path)
    card = sc.cards["b3-full-but-silent-edited"]
    assert card.deciders == ("ministry", "local", "firms")       # in ROLES order
    assert "L2" in card.options[1].tags
    group = {"region": card.options[1].effects.region, "budgets": card.options[1].effects.budgets,
             "trust": card.options[1].effects.trust}
    from game.content.schema import parse_role_pair
    if kind[0] == "trust":
        assert group["trust"][parse_role_pair(kind[1])] == 3
    elif kind[0] in group:
        assert group[kind[0]][kind[1]] == 3
    assert card.options[1].explain["en"] == "Our own explanation."
    assert "b3-full-but-silent-edited" in sc.deck and "b3-full-but-silent" not in sc.deck   # the copy plays
    plays(path)
    assert builtin_hashes() == before


def test_a_tagless_option_is_an_error_at_its_tags(app, data_dir):
    ed = open_in_editor(app)
    ed.edit_card("mh-rd-centre")                         # the scenario's own card
    tags = [str(t) for t in ed.doc.get(ed.doc.card_path("mh-rd-centre") + ("options", 0, "tags"))]
    for t in tags:
        click_button(app, ed, f"✓ {t}")
    probs = ed.problems_at(ed.doc.card_path("mh-rd-centre") + ("options", 0, "tags"))
    assert probs and probs[0].is_error
    app.draw()
    assert any(s.path[-1] == "tags" for s in ed.spots)


def test_more_than_four_triggers_each_edited_save_and_play(app, data_dir):
    from game.content.loader import load_scenario
    ed = open_in_editor(app, pygame.K_1)
    press(app, pygame.K_F4)
    start = len(ed.doc.triggers())
    while len(ed.doc.triggers()) < 6:
        press(app, pygame.K_INSERT)                      # Add a trigger
    assert len(ed.doc.triggers()) == 6 > start
    type_into(app, ed.field("triggers.5.title.en"), "The sixth event")
    type_into(app, ed.field("triggers.5.round"), "5")
    # the sixth trigger's effect: added with its button
    title = ed.field("triggers.5.title.en").entry
    click_button(app, ed, "Add an effect", after=title)
    type_into(app, next(f for f in ed.fields if f.key == "triggers.5.effects.0"), "-4")
    ed.sync()
    assert not ed.errors, [str(p) for _p, p in ed.errors]
    path = save_as(app, "triggers-copy")
    sc = load_scenario(path)
    assert len(sc.triggers) == 6
    sixth = next(t for t in sc.triggers if t.title["en"] == "The sixth event")
    assert sixth.round == 5 and sixth.effects.region["industry"] == -4
    plays(path)


def test_personality_favours_tempted_by_and_prone_to_save_and_seat(app, data_dir):
    from game.cli import main
    from game.content.loader import load_scenario
    ed = open_in_editor(app, pygame.K_1)
    path = save_as(app, "ai-copy")
    press(app, pygame.K_F8)
    pid = ed.copy_personality("budget_bureaucrat")
    base = ed.doc.personality_path("ministry", pid)
    favours = [str(a) for a in ed.doc.get(base + ("favours",))]
    # ‹ Add: … › : the next candidate, added at the end
    click_button(app, ed, "›")
    add = next(b for b, _cb in ed.focusables if b.text.startswith("Add: "))
    chosen = ed._role_actions("ministry")[1]
    assert chosen in add.text
    click_button(app, ed, add.text)
    assert [str(a) for a in ed.doc.get(base + ("favours",))] == favours + [chosen]
    # ↑ on the second: it moves first
    ups = [b for b, _cb in ed.focusables if b.text == "↑"]
    ed.reveal(ups[0])
    app.step(0)
    click(app, ups[0].rect.center)
    moved = [str(a) for a in ed.doc.get(base + ("favours",))]
    assert moved[:2] == [favours[1], favours[0]]
    # tempted_by: its first entry removed
    tempted = [str(a) for a in ed.doc.get(base + ("tempted_by",))]
    label = "Tempting actions (its short-term game)"
    click_button(app, ed, "Remove", after=heading(app, label))
    assert [str(a) for a in ed.doc.get(base + ("tempted_by",))] == tempted[1:]
    # prone_to: B1 in
    prone = [str(a) for a in ed.doc.get(base + ("prone_to",))]
    assert "B1" not in prone
    click_button(app, ed, "B1", after=heading(app, label))
    ed.sync()
    assert not ed.errors, [str(p) for _p, p in ed.errors]
    assert ed.save()
    p = load_scenario(path).personalities["ministry"][pid]
    assert list(p.favours) == moved and list(p.tempted_by) == tempted[1:] and "B1" in p.prone_to
    assert main(["simulate", "--scenario", str(path), "--games", "2", "--ai", f"ministry=easy:{pid}"]) == 0


def test_an_action_of_another_role_is_shown_at_its_row(app, data_dir):
    ed = open_in_editor(app, pygame.K_1)
    press(app, pygame.K_F8)
    pid = ed.copy_personality("budget_bureaucrat")
    base = ed.doc.personality_path("ministry", pid)
    ed.add_item(base + ("favours",), "local.commission_diagnosis")
    n = len(ed.doc.get(base + ("favours",)))
    probs = ed.problems_at(base + ("favours", n - 1))
    assert probs and probs[0].is_error and "ministry" in probs[0].message
    assert any(s.path == base + ("favours", n - 1) for s in ed.spots)
    app.draw()


@pytest.mark.heavy
@pytest.mark.parametrize("lang", ("en", "ko"))
def test_the_new_pages_fit_at_the_layout_views(app, data_dir, lang):
    """Every editor page with the new fields (a copied personality on the AI page, a shared
    card on the Card page) at the layout test's views: no text wider than its element, no
    drawn texts overlapping or leaving the window."""
    from game.i18n import set_language
    from tests.test_layout_sizes import Checker
    set_language(lang)
    app.settings.lang = lang
    try:
        ed = open_in_editor(app)
        ed.card_id = "b2-survey-university-hub"
        press(app, pygame.K_F8)
        ed.copy_personality("budget_bureaucrat")
        problems = []
        # the general and region pages are measured by the demo-driven layout test (its editor and
        # editor-region screens, the same views); the pages below it does not reach
        for page in ("budgets", "triggers", "card", "ai"):
            ed.page = page
            app.rebuild()
            checker = Checker(app, lang)
            checker.check(f"editor-{page}")
            problems += checker.problems
        assert not problems, "\n".join(problems[:60])
    finally:
        set_language("en")


def test_a_card_fixed_to_a_round_on_the_deck_page_saves_and_plays(app, data_dir):
    """Deck page: a card's 'Any round' pressed fixes it to the first round no other card holds
    (the tutorial's rounds 1–3 are taken: round 4), again to round 5, and at the last round back
    to any round; the saved scenario opens round 4 with it and plays."""
    from game.content.loader import load_scenario
    ed = open_in_editor(app, pygame.K_1)                 # the tutorial: rounds 1–3 fixed, 6 rounds
    press(app, pygame.K_F5)
    assert ed.page == "deck"
    before = ed.doc.fixed_cards()
    first = button(ed, "Any round")
    row = next(el for el in app.manager.get_sprite_group().sprites()
               if type(el).__name__ == "UILabel" and el.rect.y == first.rect.y)
    cid = row.text.split(" ")[0]

    def press_it():
        b = next(b for b, _cb in ed.focusables if b.rect.y == first.rect.y and b.rect.x == first.rect.x)
        click(app, b.rect.center)

    for n in (4, 5, 6, None, 4):
        press_it()
        assert {k: v for k, v in ed.doc.fixed_cards().items() if v == cid} == ({n: cid} if n else {})
    assert button(ed, "Fixed: round 4").rect.y == first.rect.y
    assert {k: v for k, v in ed.doc.fixed_cards().items() if v != cid} == before     # the others kept theirs
    ed.sync()
    assert not ed.errors, [str(p) for _p, p in ed.errors]
    path = save_as(app, "fixed-copy")
    sc = load_scenario(path)
    assert sc.fixed_cards[4] == cid and sc.fixed_cards[1] == "tut-welcome"
    plays(path)


def test_tab_scrolls_the_page_to_the_focused_button(app, data_dir):
    """On a long page (a card's options), Tab to a button far below the window: the page
    scrolls so it shows; Enter presses it (an effect is added to the last option)."""
    ed = open_in_editor(app)
    ed.edit_card("b3-full-but-silent")
    shared = ed.doc.shared_cards["b3-full-but-silent"]["options"]
    effects = shared[-1].get("effects") or {}
    before = sum(len(v) if isinstance(v, dict) else 1 for v in effects.values())   # region: {a: 1, b: 2} is two
    adds = [i for i, (b, _cb) in enumerate(ed.focusables) if b.text == "Add an effect"]
    target = adds[-1]                                   # the last option's, far below
    assert not ed.body.rect.contains(ed.focusables[target][0].rect)
    for _ in range(target + 1):
        press(app, pygame.K_TAB)
    assert ed.focus == target
    b = ed.focusables[target][0]
    assert ed.body.rect.contains(b.rect), (tuple(b.rect), tuple(ed.body.rect))
    press(app, pygame.K_RETURN)
    path = ed.doc.card_path(ed.card_id)
    assert ed.card_id == "b3-full-but-silent-edited" and path is not None
    keys = ed.doc.effect_keys(path + ("options", len(shared) - 1, "effects"))
    assert len(keys) == before + 1


def test_the_other_new_fields_typed_save_and_play(app, data_dir):
    """The region's name and an index weight, a role's mandate, agenda text, a new objective and
    score scale, a card's section and option id, a personality's description and noise: typed
    into their fields, saved, loaded with the values, played."""
    from game.content.loader import load_scenario
    ed = open_in_editor(app, pygame.K_1)
    press(app, pygame.K_F2)
    type_into(app, ed.field("region.name.en"), "Our province")
    type_into(app, ed.field("region.index_weights.network"), "2")
    press(app, pygame.K_F3)
    type_into(app, ed.field("roles.firms.mandate.en"), "Grow and export.")
    type_into(app, ed.field("roles.firms.agenda.text.ko"), "수출을 늘리고 싶다.")
    type_into(app, ed.field("roles.firms.objectives.network"), "0.2")        # not in the tutorial's file
    type_into(app, ed.field("roles.firms.score_scale"), "1.5")
    press(app, pygame.K_F5)
    ed.edit_card("tut-welcome")                                              # the tutorial's own card
    type_into(app, ed.field("card.section"), "IV.3")
    type_into(app, ed.field("card.option1.id"), "first-diagnose")
    press(app, pygame.K_F8)
    pid = ed.copy_personality("budget_bureaucrat")
    type_into(app, ed.field(f"ai.{pid}.description.en"), "Ours.")
    type_into(app, ed.field(f"ai.{pid}.noise"), "0.3")
    ed.sync()
    assert not ed.errors, [str(p) for _p, p in ed.errors]
    path = save_as(app, "more-fields")
    sc = load_scenario(path)
    assert sc.region_name["en"] == "Our province" and sc.index_weights["network"] == 2
    firms = sc.roles["firms"]
    assert firms.mandate["en"] == "Grow and export." and firms.agenda_text["ko"] == "수출을 늘리고 싶다."
    assert firms.objectives["network"] == 0.2 and firms.score_scale == 1.5
    card = sc.cards["tut-welcome"]
    assert card.section == "IV.3" and card.options[0].id == "first-diagnose"
    p = sc.personalities["ministry"][pid]
    assert p.description["en"] == "Ours." and p.noise == 0.3
    plays(path)


def test_an_option_removed_and_one_added_with_its_tag_saves_and_plays(app, data_dir):
    """A card of three options: the third removed (Remove the option), a new one added (its
    missing tag is an error at its tags until L1 is toggled on), saved, loaded and played."""
    from game.content.loader import load_scenario
    ed = open_in_editor(app, pygame.K_1)
    ed.edit_card("tut-welcome")                          # the tutorial's own card: three options
    base = ed.doc.card_path("tut-welcome")
    assert len(ed.doc.get(base + ("options",))) == 3
    click_button(app, ed, "Remove the option", after=heading(app, "Option 3"))
    assert [str(o["id"]) for o in ed.doc.get(base + ("options",))] == ["diagnose", "wish-list"]
    click_button(app, ed, "Add an option")
    assert len(ed.doc.get(base + ("options",))) == 3
    tags = base + ("options", 2, "tags")
    assert ed.problems_at(tags) and ed.problems_at(tags)[0].is_error
    click_button(app, ed, "L1", after=heading(app, "Option 3"))
    ed.sync()
    assert not ed.errors, [str(p) for _p, p in ed.errors]
    path = save_as(app, "options-copy")
    card = load_scenario(path).cards["tut-welcome"]
    assert [o.id for o in card.options] == ["diagnose", "wish-list", "option-3"]
    assert card.options[2].tags == ("L1",) and card.options[2].text["en"] == "A new option"
    plays(path)


def test_a_personality_renamed_is_seated_under_its_new_id(app, data_dir):
    from game.cli import main
    from game.content.loader import load_scenario
    ed = open_in_editor(app, pygame.K_1)
    path = save_as(app, "renamed-ai")
    press(app, pygame.K_F8)
    pid = ed.copy_personality("budget_bureaucrat")
    type_into(app, ed.field(f"ai.{pid}.id"), "Bad Id")
    ed.sync()
    probs = ed.problems_at(ed.field(f"ai.{pid}.id").path)
    assert probs and probs[0].is_error
    type_into(app, ed.field(f"ai.{pid}.id"), "our_ministry")
    ed.sync()
    assert not ed.errors, [str(p) for _p, p in ed.errors]
    assert ed.save()
    assert "our_ministry" in load_scenario(path).personalities["ministry"]
    assert main(["simulate", "--scenario", str(path), "--games", "1", "--ai", "ministry=easy:our_ministry"]) == 0


def test_a_cards_own_copy_renamed_keeps_its_place_in_the_deck_and_plays(app, data_dir):
    """The card's id is a field once the card is this scenario's own: the deck and the fixed
    rounds follow the new id; an id another card has is refused with a sentence, a malformed one
    is shown at the field and cannot be saved."""
    from game.content.loader import load_scenario
    ed = open_in_editor(app)                             # manufacturing-hub
    ed.edit_card("b3-full-but-silent")
    click_button(app, ed, "Central ministry")            # the first change makes the scenario's copy
    assert ed.card_id == "b3-full-but-silent-edited"
    f = ed.field("card.id")
    type_into(app, f, "Bad Id")
    ed.sync()
    assert ed.problems_at(f.path) and ed.problems_at(f.path)[0].is_error
    other = next(c for c in ed.doc.available_cards() if c != ed.card_id)
    type_into(app, ed.field("card.id"), other)           # taken: refused, the card keeps its id
    ed.sync()
    assert ed.card_id != other and ed.doc.available_cards().count(other) == 1
    type_into(app, ed.field("card.id"), "silent-network")
    ed.sync()
    assert ed.card_id == "silent-network" and not ed.errors, [str(p) for _p, p in ed.errors]
    path = save_as(app, "card-renamed")
    sc = load_scenario(path)
    assert "silent-network" in sc.cards and "silent-network" in sc.deck
    assert not any(c.startswith("b3-full-but-silent") for c in sc.deck)
    plays(path)
