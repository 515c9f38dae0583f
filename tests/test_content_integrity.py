"""The built-in content: complete, bilingual, referenced correctly, and teaching what it claims."""
from __future__ import annotations

import pytest

from game.content.loader import list_builtin_scenarios, load_cards, load_catalogue, load_scenario, validate_paths
from game.engine.constants import FAILURE_IDS, LESSON_IDS, LANGS
from game.content.loader import BUILTIN_ROOT
from game.headless import play_game

SCENARIOS = ("tutorial", "manufacturing-hub", "research-hub", "lagging-rural", "technopolis-1983")


def _all_cards():
    cards = dict(load_cards())
    for sid in list_builtin_scenarios():
        cards.update(load_scenario(sid).cards)
    return cards


def _bilingual(text) -> bool:
    return all(isinstance(text.get(lang), str) and text.get(lang).strip() for lang in LANGS)


def test_the_five_scenarios_exist_and_validate_without_problems():
    assert set(SCENARIOS) <= set(list_builtin_scenarios())
    problems = validate_paths([BUILTIN_ROOT])
    assert [str(p) for p in problems] == []


def test_every_failure_type_has_at_least_three_cards_and_there_are_positive_ones():
    cards = _all_cards()
    for fid in FAILURE_IDS:
        themed = [c.id for c in cards.values() if c.theme == fid]
        assert len(themed) >= 3, f"{fid} has only {themed}"
    assert sum(c.theme in ("positive", "neutral") for c in cards.values()) >= 8


def test_every_card_and_option_is_bilingual_tagged_and_cited():
    for card in _all_cards().values():
        assert _bilingual(card.title) and _bilingual(card.text), card.id
        assert card.section.strip(), card.id
        assert 2 <= len(card.options) <= 3, card.id
        for option in card.options:
            assert _bilingual(option.text), (card.id, option.id)
            assert option.tags, (card.id, option.id)
            if option.explain:
                assert _bilingual(option.explain), (card.id, option.id)
        if card.theme in FAILURE_IDS:
            assert any(card.theme in o.tags for o in card.options), f"{card.id}: no option risks {card.theme}"
            assert any(not set(o.tags) & set(FAILURE_IDS) for o in card.options), f"{card.id}: no way out"


@pytest.mark.parametrize("sid", SCENARIOS)
def test_learning_goals_are_covered_by_the_deck(sid):
    sc = load_scenario(sid)
    in_play = [sc.cards[c] for c in set(sc.deck) | set(sc.fixed_cards.values())]
    for fid in sc.learning_failures:
        assert any(c.theme == fid or any(fid in o.tags for o in c.options) for c in in_play), \
            f"{sid}: no card in the deck can surface {fid}"
    for lesson in sc.learning_lessons:
        assert any(lesson in o.tags for c in in_play for o in c.options), f"{sid}: no option follows {lesson}"
    for text in (sc.name, sc.summary, sc.intro_facilitator, sc.intro_players, sc.region_name):
        assert _bilingual(text), sid
    for role, setup in sc.roles.items():
        assert _bilingual(setup.mandate) and _bilingual(setup.agenda_text), (sid, role)


def test_catalogue_explains_every_failure_and_lesson_with_two_questions():
    cat = load_catalogue()
    for table, ids in ((cat.failures, FAILURE_IDS), (cat.lessons, LESSON_IDS)):
        for eid in ids:
            entry = table[eid]
            assert _bilingual(entry.name) and _bilingual(entry.summary), eid
            assert _bilingual(entry.explanation), f"{eid} has no explanation"
            assert len(entry.questions) == 2 and all(_bilingual(q) for q in entry.questions), eid
            assert entry.section.strip(), eid


@pytest.mark.parametrize("sid", SCENARIOS)
def test_each_scenario_plays_to_the_end_for_many_seeds(sid):
    sc = load_scenario(sid)
    for seed in range(15):
        state = play_game(sc, seed)
        assert state.phase == "game_over" and state.round == sc.rounds
