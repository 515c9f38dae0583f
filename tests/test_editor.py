"""The scenario writer, library and editor: round-trips that keep files byte-identical, every kind
of field edited through the editor's screen and saved into a file that validates and plays,
invalid edits reported at their field and never saved, imports validated first, built-in files
untouched, and the facilitator's path (copy, rename, three indicators, one card's Korean text,
check, play) driven through the window. SDL runs with dummy drivers; CPG_DATA_DIR is a temporary
folder."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pygame
import pytest

from tests.ui_driver import click, new_app, press, through_briefing

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def app(data_dir):
    from game.i18n import set_language
    a = new_app("en")
    yield a
    pygame.quit()
    set_language("en")


def builtin_hashes() -> dict[str, str]:
    folder = ROOT / "scenarios"
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.yaml"))}


def type_into(app, field, text: str) -> None:
    """Scroll the field into view, click it, clear it, type `text` as committed text input
    (Hangul included)."""
    app.screen.reveal(field.entry)
    app.step(0)
    assert app.screen.body.rect.contains(field.entry.rect), field.key
    field.entry.set_text("")
    click(app, field.entry.rect.center)
    for ch in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    app.step(0)
    app.step(0)


def open_in_editor(app, key=pygame.K_3):          # the tutorial first, then by id: manufacturing-hub
    from game.ui.screens.editor import EditorScreen, LibraryScreen
    press(app, pygame.K_e)                       # title: Scenario editor
    assert isinstance(app.screen, LibraryScreen)
    press(app, key)                              # the built-in scenario by its digit
    assert isinstance(app.screen, EditorScreen)
    return app.screen


def save_as(app, new_id: str) -> Path:
    from game.ui.screens.editor import EditorScreen, SaveAsScreen
    press(app, pygame.K_F12)
    assert isinstance(app.screen, SaveAsScreen), type(app.screen).__name__
    app.screen.entry.set_text(new_id)
    press(app, pygame.K_RETURN, steps=2)             # the field reports Enter on the next turn
    assert isinstance(app.screen, EditorScreen), (getattr(app.screen, "error", ""), app.message)
    return app.screen.doc.source


def plays(path: Path) -> None:
    from game.content.loader import load_scenario, validate_paths
    from game.engine.constants import GAME_OVER
    from game.headless import play_game
    assert not [p for p in validate_paths([path]) if p.is_error]
    scenario = load_scenario(path)
    state = play_game(scenario, 5)
    assert state.phase == GAME_OVER


def test_unchanged_builtins_dump_byte_identical():
    from game.content.loader import BUILTIN_ROOT, list_builtin_scenarios
    from game.content.writer import ScenarioDoc
    for sid in list_builtin_scenarios():
        path = BUILTIN_ROOT / f"{sid}.yaml"
        assert ScenarioDoc.open(path).dump() == path.read_text(encoding="utf-8"), sid


def test_every_kind_of_field_edited_and_saved_validates_and_plays(app, data_dir):
    before = builtin_hashes()
    ed = open_in_editor(app)
    assert ed.doc.id == "manufacturing-hub"
    # text (General page): the English name and the Korean players' introduction
    type_into(app, ed.field("name.en"), "Haerim, our version")
    type_into(app, ed.field("intro.players.ko"), "우리 지역 워크숍용 소개.")
    # numbers
    type_into(app, ed.field("rounds"), "7")
    ed.nudge("collapse_line", 1)
    # indicators, macro, trust (Region page)
    press(app, pygame.K_F2)
    assert ed.page == "region"
    ed.nudge("region.indicators.industry", -1)
    type_into(app, ed.field("region.indicators.network"), "45")
    type_into(app, ed.field("region.trust"), "50")
    # budgets and an objective weight
    press(app, pygame.K_F3)
    type_into(app, ed.field("budgets.local.start"), "40")
    type_into(app, ed.field("roles.firms.objectives.industry"), "0.5")
    # triggers: remove one, add one
    press(app, pygame.K_F4)
    n = len(ed.doc.triggers())
    ed.remove_trigger(0)
    ed.add_trigger()
    ed.cycle_kind(len(ed.doc.triggers()) - 1)       # custom -> change_of_government
    assert len(ed.doc.triggers()) == n
    # deck: exclude one card, include another
    press(app, pygame.K_F5)
    ed.include("d1-rate-hike", False)
    ed.include("a1-standard-package", True)
    # a shared card's Korean text: edited in this scenario's own copy
    ed.edit_card("b2-survey-university-hub")
    assert ed.page == "card"
    type_into(app, ed.field("card.text.ko"), "우리 도의 기업 300곳을 조사했다.")
    assert ed.card_id == "b2-survey-university-hub-edited"
    # a new card with two options
    press(app, pygame.K_F7)
    for key, value in {"id": "our-own-card", "title.ko": "우리 카드", "title.en": "Our card",
                       "text.ko": "무슨 일이 있었다.", "text.en": "Something happened.",
                       "option1.ko": "받아들인다", "option1.en": "Accept", "option1.tag": "A2",
                       "option2.ko": "거절한다", "option2.en": "Refuse", "option2.tag": "L2"}.items():
        type_into(app, ed.field(f"new.{key}"), value)
    ed.add_new_card()
    assert "our-own-card" in ed.doc.deck()
    ed.sync()
    assert not ed.errors, [str(p) for _path, p in ed.errors]

    path = save_as(app, "haerim-ours")
    assert path == data_dir / "scenarios" / "haerim-ours.yaml"
    plays(path)
    from game.content.loader import load_scenario
    sc = load_scenario(path)
    assert sc.id == "haerim-ours" and sc.name["en"] == "Haerim, our version"
    from game.content.loader import load_scenario
    assert sc.rounds == 7 and sc.collapse_line == load_scenario("manufacturing-hub").collapse_line + 1
    assert sc.indicators["industry"] == 69 and sc.indicators["network"] == 45
    assert sc.roles["local"].start_budget == 40 and sc.roles["firms"].objectives["industry"] == 0.5
    assert "d1-rate-hike" not in sc.deck and "a1-standard-package" in sc.deck
    assert sc.cards["b2-survey-university-hub-edited"].text["ko"] == "우리 도의 기업 300곳을 조사했다."
    assert "b2-survey-university-hub" not in sc.deck
    assert sc.cards["our-own-card"].options[1].tags == ("L2",)
    text = path.read_text(encoding="utf-8")
    assert "# A manufacturing hub like Ulsan" in text       # comments kept
    assert builtin_hashes() == before


def test_invalid_edit_is_shown_at_the_field_and_cannot_be_saved(app, data_dir):
    from game.content.writer import WriterError, save
    from game.ui.screens.editor import EditorScreen
    before = builtin_hashes()
    ed = open_in_editor(app)
    press(app, pygame.K_F2)
    field = ed.field("region.indicators.industry")
    type_into(app, field, "150")
    ed.sync()
    probs = ed.problems_at(field.path)
    assert probs and probs[0].is_error and "100" in probs[0].message
    assert ed.errors
    app.draw()                                       # the message is drawn under the field
    press(app, pygame.K_F12)
    assert isinstance(app.screen, EditorScreen)      # Save as refused
    with pytest.raises(WriterError):
        save(ed.doc, "broken-copy")
    assert not (data_dir / "scenarios" / "broken-copy.yaml").exists()
    # a non-number too, on another page
    press(app, pygame.K_F1)
    type_into(app, ed.field("rounds"), "many")
    ed.sync()
    assert ed.problems_at(("rounds",))
    # fixed again: saving works
    type_into(app, ed.field("rounds"), "8")
    press(app, pygame.K_F2)
    type_into(app, ed.field("region.indicators.industry"), "75")
    ed.sync()
    assert not ed.errors
    assert save_as(app, "fixed-copy").is_file()
    assert builtin_hashes() == before


def test_builtins_are_never_overwritten(data_dir, monkeypatch):
    from game.content.loader import BUILTIN_ROOT
    from game.content.writer import ScenarioDoc, WriterError, save
    doc = ScenarioDoc.open(BUILTIN_ROOT / "tutorial.yaml")
    with pytest.raises(WriterError):
        save(doc, "tutorial")                        # a built-in id
    with pytest.raises(WriterError):
        save(doc, "../evil")                         # not a file name
    monkeypatch.setenv("CPG_DATA_DIR", str(BUILTIN_ROOT.parent))   # scenarios/ is the built-in folder
    before = builtin_hashes()
    with pytest.raises(WriterError):
        save(doc, "new-one")
    assert builtin_hashes() == before


def test_library_imports_valid_files_and_explains_bad_ones(app, data_dir, tmp_path):
    from game.ui.screens.editor import EditorScreen, LibraryScreen
    bad = tmp_path / "from-colleague.yaml"
    bad.write_text("format: 1\nid: from-colleague\nrounds: 99\n  deck: [\n", encoding="utf-8")
    worse = tmp_path / "binary.yaml"
    worse.write_bytes(b"\xff\xfe\x00garbage")
    good = tmp_path / "manufacturing-hub.yaml"
    good.write_bytes((ROOT / "scenarios" / "manufacturing-hub.yaml").read_bytes())
    press(app, pygame.K_e)
    lib = app.screen
    assert isinstance(lib, LibraryScreen)
    for path in (bad, worse, tmp_path / "missing.yaml"):
        lib.path_entry.set_text(str(path))
        press(app, pygame.K_F2)                      # Import
        assert isinstance(app.screen, LibraryScreen)
        assert lib.message and "not imported" in lib.message[0] or "not found" in lib.message[0], lib.message
        lib.path_entry.set_text(str(path))
        press(app, pygame.K_F3)                      # Open
        assert isinstance(app.screen, LibraryScreen), lib.message
    lib.path_entry.set_text(str(good))
    press(app, pygame.K_F2)
    assert (data_dir / "scenarios" / "manufacturing-hub-2.yaml").is_file(), lib.message
    plays(data_dir / "scenarios" / "manufacturing-hub-2.yaml")
    assert any("manufacturing-hub-2" in str(p) for p in app.screen.user)
    press(app, pygame.K_a)                           # the user's first scenario
    assert isinstance(app.screen, EditorScreen) and app.screen.doc.id == "manufacturing-hub-2"


def test_facilitator_copies_renames_edits_checks_and_plays(app, data_dir, monkeypatch):
    """The issue's path, through the window: copy manufacturing-hub, rename it, change three
    starting indicators and one card's Korean text, check it and play it."""
    import game.ui.screens.editor as editor
    from game.ui.screens.board import GameScreen
    from game.ui.screens.menu import SetupScreen
    monkeypatch.setattr(editor, "CHECK_GAMES", 6)
    monkeypatch.setattr(editor, "CHECK_LAB_SEEDS", 1)    # its results page is tested, not its figures
    before = builtin_hashes()
    ed = open_in_editor(app)
    type_into(app, ed.field("name.ko"), "우리 시 자동차 클러스터")
    type_into(app, ed.field("name.en"), "Our city's car cluster")
    press(app, pygame.K_F2)
    for key, value in (("industry", "60"), ("network", "40"), ("cohesion", "45")):
        type_into(app, ed.field(f"region.indicators.{key}"), value)
    press(app, pygame.K_F5)
    ed.edit_card("mh-rd-centre")                     # the scenario's own card
    type_into(app, ed.field("card.text.ko"), "중앙부처가 연구원 분원을 제안했다.")
    path = save_as(app, "our-car-city")
    press(app, pygame.K_F9)                          # Check, in the background
    assert ed.page == "check" and ed.check_thread is not None
    ed.check_thread.join()       # no clock: the check's own thread ends, the test's timeout guards a hang
    for _ in range(50):          # the window takes its result up on its next turns
        if ed.check_thread is None:
            break
        app.step(0)
    assert ed.check_result is not None, ed.check_error
    assert ed.check_result["simulation"]["games"] == 6
    app.draw()
    press(app, pygame.K_F10)                         # Play
    assert isinstance(app.screen, SetupScreen) and app.screen.selected == str(path)
    press(app, pygame.K_F5)                          # Start the game
    assert app.screen.session.scenario.id == "our-car-city"   # its briefing first
    through_briefing(app)
    assert isinstance(app.screen, GameScreen)
    assert app.screen.session.scenario.id == "our-car-city"
    assert app.screen.session.scenario.cards["mh-rd-centre"].text["ko"] == "중앙부처가 연구원 분원을 제안했다."
    assert builtin_hashes() == before


def test_ai_personality_copied_edited_saved_and_seated(app, data_dir):
    """AI page: a built-in ministry personality copied as the tutorial copy's own, its temptation
    and name changed, saved; it loads with the new values and an AI seat plays it."""
    from game.cli import main
    from game.content.loader import load_scenario
    before = builtin_hashes()
    ed = open_in_editor(app, pygame.K_1)             # the tutorial, listed first
    assert ed.doc.id == "tutorial"
    path = save_as(app, "my-tutorial")
    press(app, pygame.K_F8)
    assert ed.page == "ai" and ed.ai_role == "ministry"
    new_id = ed.copy_personality("budget_bureaucrat")
    assert new_id == "budget_bureaucrat_my_tutorial"
    type_into(app, ed.field(f"ai.{new_id}.temptation"), "0.8")
    ed.nudge(f"ai.{new_id}.temptation", 0.05)
    ed.nudge(f"ai.{new_id}.weights.agenda", 9)       # the stepper stops at the validator's 5
    from game.content.fields import bounds
    top = bounds("personality", ("personalities", "ministry", 0, "weights", "agenda"))[1]
    assert top == 5 and ed.field(f"ai.{new_id}.weights.agenda").bounds == (0, top)
    type_into(app, ed.field(f"ai.{new_id}.name.en"), "Our pork-barrel ministry")
    app.draw()
    ed.sync()
    assert not ed.errors, [str(p) for _path, p in ed.errors]
    assert ed.save()
    sc = load_scenario(path)
    p = sc.personalities["ministry"][new_id]
    assert p.temptation == 0.85 and p.weights["agenda"] == top and p.name["en"] == "Our pork-barrel ministry"
    assert p.favours and p.prone_to and p.description["en"]    # copied from the built-in
    assert main(["simulate", "--scenario", str(path), "--games", "2", "--ai", f"ministry=easy:{new_id}"]) == 0
    # removed again: the file is the tutorial copy as it was
    ed.remove_personality(new_id)
    assert "personalities" not in ed.doc.data and ed.save()
    assert not load_scenario(path).personalities
    assert builtin_hashes() == before


BILLION_LAUGHS = "\n".join(
    ["format: 1", "id: laughs", "rounds: 6", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
       f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]" for i in range(8)]) + "\n"
DEEP = "format: 1\nid: deep\nrounds: 6\nx: " + "[" * 5000 + "]" * 5000 + "\n"


@pytest.mark.parametrize("text, says", [(BILLION_LAUGHS, "anchor"), (DEEP, "deep")], ids=["aliases", "deep"])
def test_hostile_files_in_the_library_and_by_path_are_refused_with_a_sentence(app, data_dir, tmp_path, text, says):
    """An alias bomb or a deeply nested file in the user's scenarios folder is listed under its
    file name and refused by Open with file:line:column — through the guarded reader, before the
    round-trip parser could expand or recurse into it; the window stays up."""
    from game.ui.screens.editor import LibraryScreen
    folder = data_dir / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    hostile = folder / "hostile.yaml"
    hostile.write_text(text, encoding="utf-8")
    press(app, pygame.K_e)
    lib = app.screen
    assert isinstance(lib, LibraryScreen)
    assert any(p.name == "hostile.yaml" for p in lib.user)
    press(app, pygame.K_a)                           # the user's first scenario: the hostile one
    assert isinstance(app.screen, LibraryScreen)
    assert lib.message and lib.message[0] == "This file cannot be opened:"
    assert f"{hostile}:" in lib.message[1] and says in lib.message[1].lower(), lib.message
    lib.path_entry.set_text(str(hostile))
    press(app, pygame.K_F3)                          # Open by path: the same refusal
    assert isinstance(app.screen, LibraryScreen) and says in lib.message[1].lower()


@pytest.mark.parametrize("name", ["my-region\n", "a" * 251, "a" * 65, "", "My Region", "../x"])
def test_save_as_refuses_names_that_cannot_name_a_file_with_a_sentence(name):
    from game.content.writer import check_new_id
    assert "lowercase" in check_new_id(name)


def test_save_as_accepts_a_64_character_name():
    from game.content.writer import check_new_id
    assert check_new_id("a" * 64) is None


def test_the_file_picker_fills_the_path_and_the_file_imports(app, data_dir, tmp_path):
    """Browse… (F4) opens a file dialog in the folder of the typed path; a YAML file picked
    there (its row clicked, then Choose) fills the path field, and Import checks and copies it
    as a typed path would. Esc closes the picker, not the library; the picker has no delete
    button and speaks our words."""
    from game.ui.screens.editor import LibraryScreen
    good = tmp_path / "manufacturing-hub.yaml"
    good.write_bytes((ROOT / "scenarios" / "manufacturing-hub.yaml").read_bytes())
    (tmp_path / "notes.txt").write_text("not a scenario", encoding="utf-8")
    press(app, pygame.K_e)
    lib = app.screen
    assert isinstance(lib, LibraryScreen)
    lib.path_entry.set_text(str(tmp_path) + "/")
    press(app, pygame.K_F4)
    dialog = lib.dialog
    assert dialog is not None and dialog.alive()
    assert not dialog.delete_button.visible and dialog.ok_button.text == "Choose"
    press(app, pygame.K_ESCAPE)                      # closes the picker only
    assert isinstance(app.screen, LibraryScreen) and not dialog.alive() and lib.dialog is None
    press(app, pygame.K_F4)
    dialog = lib.dialog
    listed = [item["text"] for item in dialog.file_selection_list.item_list]
    assert "manufacturing-hub.yaml" in listed and "notes.txt" not in listed   # YAML files and folders only
    row = next(b for b in dialog.file_selection_list.item_list
               if b["text"] == "manufacturing-hub.yaml")["button_element"]
    click(app, row.rect.center)
    click(app, dialog.ok_button.rect.center)
    assert lib.dialog is None and Path(lib.path_text) == good
    assert lib.path_entry.get_text() == str(good)                    # the field shows the picked path
    press(app, pygame.K_F2)                                          # Import, the same checks as typed
    assert (data_dir / "scenarios" / "manufacturing-hub-2.yaml").is_file(), lib.message
