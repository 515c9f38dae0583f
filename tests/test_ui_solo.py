"""Solo play shows what happened (issue 12, item 5): the card an AI decided and its reason before
negotiation, an AI's answer to a deal (accepted, rejected, countered) shown to the proposer with
its reason — and only to the proposer —, people's rejected deals logged for the two parties and
read by the proposer behind a curtain, and no "pass the device" curtain when one person is
seated. The real window with dummy SDL drivers, driven through real key presses."""
from __future__ import annotations

import pygame
import pytest

from game.engine.actions import CounterDeal, DealTerms, ProposeDeal, RespondDeal, Transfer
from game.engine.constants import NEGOTIATION
from game.engine.game import pending_deals
from game.i18n import N_, translate
from tests.ui_driver import ROLES, new_app, press, screen_kind

HUMAN = "firms"          # in the tutorial the local government decides round 1's card: an AI here
PARTNER = "ministry"


@pytest.fixture
def make_app(data_dir):
    from game.i18n import set_language
    yield lambda: new_app("en")
    pygame.quit()
    set_language("en")


def solo_session(humans=(HUMAN,), seed=3, hints=None):
    from game.content.loader import load_scenario
    from game.session import GameSession, Seat
    seats = {r: Seat("human", name=f"P-{r}") if r in humans else Seat("ai", "normal") for r in ROLES}
    return GameSession(load_scenario("tutorial"), "tutorial", seed, seats, "en", hints=hints)


def settle(app, steps: int = 60) -> None:
    """Turn the loop until the AIs have nothing left to do (or `steps` frames)."""
    for _ in range(steps):
        app.step(0)
        if not getattr(app.screen, "busy", False) and app.screen is not None:
            app.step(0)
            if not getattr(app.screen, "busy", False):
                return


def shown(recorder, name: str | None = None, private_to="any") -> list[str]:
    return [t for n, p, texts in recorder.screens
            if (name is None or n == name) and (private_to == "any" or p == private_to) for t in texts]


def board_for(app, session):
    from game.ui.screens.board import GameScreen
    app.show(GameScreen(app, session))
    settle(app)


def clear_pending(session, role: str) -> None:
    while pending_deals(session.state, role):
        session.act(RespondDeal(role, pending_deals(session.state, role)[0].id, False))


# --- the event an AI decided ------------------------------------------------------------------------

def test_the_card_an_ai_decided_and_its_reason_are_shown_before_negotiation(make_app, recorder):
    app = make_app()
    session = solo_session()
    board_for(app, session)
    st = session.state
    assert st.phase == NEGOTIATION and screen_kind(app) == "GameScreen"
    notice = session.event_notice()
    assert notice is not None and notice["role"] == "local" and notice["reason"] is not None
    # The AIs wait while the table reads the card: nobody has moved since the choice.
    history = len(st.history)
    for _ in range(10):
        app.step(0)
    assert len(session.state.history) == history and session.next_ai_mover() is None
    card = st.scenario.cards[st.card_id]
    option = card.option(notice["option"])
    texts = shown(recorder, "board", None)
    assert any(card.title["en"] in t for t in texts), "the card's title is not on the board"
    assert any(card.text["en"] in t for t in texts), "the card's text is not on the board"
    assert any(option.text["en"] in t and "chose" in t for t in texts), "the AI's choice is not marked"
    reason = translate(notice["reason"]["msg"], notice["reason"]["params"])
    assert any(reason in t for t in texts), "the AI's reason is not shown with its choice"
    assert any("On to the negotiation" in t for t in texts)
    # Enter: on to the negotiation, and the AIs move again.
    recorder.screens = []
    press(app, pygame.K_RETURN)
    settle(app)
    assert session.event_notice() is None and len(session.state.history) > history
    assert not any("On to the negotiation" in t for t in shown(recorder, "board"))


def test_no_notice_when_a_person_decided_the_card(make_app):
    session = solo_session(humans=("local",))       # local decides round 1's card itself
    app = make_app()
    board_for(app, session)
    press(app, pygame.K_1)
    settle(app)
    assert session.state.phase == NEGOTIATION and session.event_notice() is None


# --- an AI's answer to a deal, for the proposer's eyes only ------------------------------------------

REASONS = {
    "accepted": N_("Deal no. {deal} is worth about {value} to us, so we accept it."),
    "rejected": N_("Deal no. {deal} would cost us about {value}, so we reject it."),
    "countered": N_("Deal no. {deal} would cost us about {value}; we answer with terms that "
                    "serve us better."),
}


class ScriptedAnswer:
    """The partner's AI, except that it answers the person's proposal as the test says (with a
    reason of the kind the real AIs give)."""

    def __init__(self, inner, answer: str):
        self.inner, self.answer, self.role = inner, answer, inner.role
        self.last_explanation = None

    def act(self, state):
        mine = [d for d in pending_deals(state, self.role) if d.proposer == HUMAN]
        if not mine:
            action = self.inner.act(state)
            self.last_explanation = self.inner.last_explanation
            return action
        deal = mine[0]
        self.last_explanation = {"msg": REASONS[self.answer], "params": {"deal": deal.id, "value": 4.2}}
        if self.answer == "countered":
            return CounterDeal(self.role, deal.id, DealTerms((HUMAN,), transfers=(Transfer(self.role, HUMAN, 5),)))
        return RespondDeal(self.role, deal.id, self.answer == "accepted")


def propose_to_the_ai(app, session, answer: str) -> int:
    """Past the event notice, the person proposes a deal to the ministry's AI, which answers
    `answer`; returns the deal's id."""
    board_for(app, session)
    press(app, pygame.K_RETURN)                      # on to the negotiation
    settle(app)
    session._ais[PARTNER] = ScriptedAnswer(session._ais[PARTNER], answer)
    clear_pending(session, HUMAN)                    # proposals made to us come first
    terms = DealTerms((PARTNER,), transfers=(Transfer(PARTNER, HUMAN, 10),))
    session.act(ProposeDeal(HUMAN, terms))
    deal_id = session.state.deals[-1].id
    settle(app)
    return deal_id


@pytest.mark.parametrize("answer", ["accepted", "rejected", "countered"])
def test_an_ais_answer_is_shown_to_the_proposer_with_its_reason(make_app, recorder, answer):
    app = make_app()
    session = solo_session()
    deal_id = propose_to_the_ai(app, session, answer)
    # One person at the table: the answer opens at once, on the proposer's private screen.
    assert screen_kind(app) == "DealAnswersScreen", screen_kind(app)
    assert app.screen.private_to == HUMAN
    texts = shown(recorder, "deal-answers", HUMAN)
    verb = {"accepted": "accepted", "rejected": "rejected", "countered": "counter-proposal"}[answer]
    assert any(f"deal no. {deal_id}" in t and verb in t for t in texts), texts
    reason = translate(REASONS[answer], {"deal": deal_id, "value": 4.2})
    assert any(reason in t for t in texts), texts
    # The reason and the answer never reach a public screen.
    assert not any(reason in t for t in shown(recorder, private_to=None))
    if answer == "countered":
        counter = session.state.deals[-1]
        assert counter.counter_of == deal_id and counter.proposer == PARTNER
        assert any(f"no. {counter.id}" in t for t in texts)
        press(app, pygame.K_RETURN)                  # answer the counter-proposal: no curtain
        assert screen_kind(app) == "DealResponseScreen" and app.screen.deal_id == counter.id
    else:
        press(app, pygame.K_ESCAPE)                  # back to the table
        assert screen_kind(app) == "GameScreen"
        settle(app)
        assert screen_kind(app) == "GameScreen", "an answer already read was shown again"
    assert session.deal_answers(HUMAN, unread=True) == []


def test_ai_deal_reasons_stay_off_public_screens_in_a_whole_round(make_app, recorder):
    """Every AI reason about a deal the person is party to appears on the person's private
    screens only; the board shows public reasons (event choices) only."""
    app = make_app()
    session = solo_session()
    propose_to_the_ai(app, session, "rejected")
    press(app, pygame.K_RETURN)
    settle(app)
    private = [e for e in session.explanations if not e["public"]]
    public_texts = shown(recorder, private_to=None)
    for e in private:
        text = translate(e["msg"], e["params"])
        assert not any(text in t for t in public_texts), text
    public = [e for e in session.explanations if e["public"]]
    assert public and any(translate(public[0]["msg"], public[0]["params"]) in t for t in public_texts)


# --- people's deals, and the curtains ---------------------------------------------------------------

def test_a_rejected_deal_between_people_is_logged_for_the_two_and_read_behind_a_curtain(make_app, recorder):
    app = make_app()
    session = solo_session(humans=("firms", "university"))
    board_for(app, session)
    press(app, pygame.K_RETURN)                      # the AI's card, then negotiation
    settle(app)
    for role in ("firms", "university"):
        clear_pending(session, role)
    session.act(ProposeDeal("firms", DealTerms(("university",), transfers=(Transfer("firms", "university", 5),))))
    deal = session.state.deals[-1]
    session.act(RespondDeal("university", deal.id, False))
    entry = next(e for e in session.state.log if e.kind == "response" and e.data.get("deal") == deal.id)
    assert set(entry.visible_to) == {"firms", "university"}        # the engine logs it for the two
    assert not entry.visible(None) and not entry.visible(PARTNER)
    app.rebuild()
    settle(app)
    assert screen_kind(app) == "GameScreen"          # several people: nothing opens by itself
    assert any(f"Deal no. {deal.id} has an answer" in t for t in shown(recorder, "board", None))
    press(app, pygame.K_r)
    assert screen_kind(app) == "CurtainScreen" and app.screen.role == "firms"
    press(app, pygame.K_RETURN)
    assert screen_kind(app) == "DealAnswersScreen" and app.screen.private_to == "firms"
    assert any("rejected your deal" in t for t in shown(recorder, "deal-answers", "firms"))


def play_rounds(app, session, rounds: int, seen: list[str]) -> None:
    """Play `rounds` rounds as the people would, through the keyboard: choose the first option,
    go on past an AI's card, answer proposals with "no", propose nothing, end negotiation, fund
    the first action and end the turn."""
    start = session.state.round
    for _ in range(800):
        if session.state.round >= start + rounds or session.state.phase == "game_over":
            return
        kind = screen_kind(app)
        if not seen or seen[-1] != kind:
            seen.append(kind)
        st = session.state
        if kind == "GameScreen":
            if st.phase == "event":
                press(app, pygame.K_1)
            elif st.phase == NEGOTIATION:
                if session.event_notice() is not None:
                    press(app, pygame.K_RETURN)
                elif any(pending_deals(st, r) for r in session.human_roles()):
                    press(app, pygame.K_a)
                else:
                    press(app, pygame.K_d)
            else:
                press(app, pygame.K_RETURN)
        elif kind == "CurtainScreen":
            press(app, pygame.K_RETURN)
        elif kind == "DealResponseScreen":
            press(app, pygame.K_n)
        elif kind == "DealAnswersScreen":
            press(app, pygame.K_ESCAPE)
        elif kind == "ActionsScreen":
            funded = [a for (r, a, _k, _c, src) in st.record["funded"] if r == app.screen.role]
            press(app, pygame.K_RETURN if funded or getattr(app.screen, "_tried", False) else pygame.K_1)
            app.screen._tried = True
        elif kind == "ResolutionScreen":
            press(app, pygame.K_RETURN)
        else:                                        # a question (e.g. "end the turn?"): yes
            press(app, pygame.K_RETURN)
        settle(app, 20)
    raise AssertionError(f"stuck; screens: {seen[-20:]}")


def test_no_curtains_when_one_person_is_seated(make_app, recorder):
    app = make_app()
    session = solo_session()
    board_for(app, session)
    seen: list[str] = []
    play_rounds(app, session, 2, seen)
    assert session.state.round >= 3
    assert "ActionsScreen" in seen and "DealResponseScreen" in seen, seen
    assert "CurtainScreen" not in seen, seen
    assert not [t for t in shown(recorder) if "pass the device" in t.lower()]


def test_curtains_stay_when_two_people_share_the_device(make_app):
    app = make_app()
    session = solo_session(humans=("firms", "university"))
    board_for(app, session)
    seen: list[str] = []
    play_rounds(app, session, 1, seen)
    assert "CurtainScreen" in seen and "ActionsScreen" in seen, seen
