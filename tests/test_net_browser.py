"""Issue 15 in a real browser: Debian's chromium, headless, driven by selenium through
chromedriver. A seat is joined by its link, plays a round, shows its own agenda and no other
role's, in English and in Korean; a wrong link gets only the error page; and a whole tutorial
game played by four browser seats ends in the same state as the same moves made through the
session at the keyboard (GameSession.act, the private screens' path)."""
from __future__ import annotations

import os
import shutil
import tempfile
import time

import pytest

webdriver = pytest.importorskip("selenium.webdriver")
pytest.importorskip("aiohttp")

from selenium.common.exceptions import (ElementClickInterceptedException, NoSuchElementException,
                                        StaleElementReferenceException, WebDriverException)
from selenium.webdriver.common.by import By

from game.engine.actions import to_json
from game.engine.constants import ROLES
from game.i18n import pick
from game.net import serve
from game.session import GameSession, Seat

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")
WAIT = 15.0


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    profile = tempfile.mkdtemp(prefix="cpg-chromium-")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=390,844"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def until(predicate, timeout: float = WAIT):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = predicate()
            if value:
                return value
        except (NoSuchElementException, StaleElementReferenceException):
            pass
        time.sleep(0.05)
    raise AssertionError("timed out waiting for the page")


def click(driver, element_id: str) -> None:
    """Click a button by id; the page redraws on every update, so a stale one is found again."""
    def go():
        try:
            el = driver.find_element(By.ID, element_id)
            if not el.is_enabled():
                return False
            el.click()
            return True
        except ElementClickInterceptedException:
            return False
    until(go)


def text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def exists(driver, element_id: str) -> bool:
    return bool(driver.find_elements(By.ID, element_id))


def console_errors(driver) -> list:
    try:
        return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    except WebDriverException:
        return []


def test_a_seat_plays_a_round_in_both_languages(browser, tutorial):
    seats = {r: Seat("ai") for r in ROLES}
    seats["local"] = Seat("human", name="Mina", device=True)      # round 1's event is the local government's
    session = GameSession(tutorial, "tutorial", 4, seats, lang="en")
    server = serve(session, run_ais=True, auto_ack_events=True)
    try:
        driver = browser
        # a wrong link: only the error page
        driver.get(server.base_url() + "/seat#" + "A" * 32)
        until(lambda: "not valid" in text(driver))
        assert not exists(driver, "agenda")
        # the seat's own link
        driver.get(server.seat_link("local"))
        until(lambda: exists(driver, "agenda"))
        assert "#" not in driver.current_url                        # the secret left the address bar
        mine = pick(tutorial.roles["local"].agenda_text, "en")
        until(lambda: driver.find_element(By.ID, "agenda").text == mine)
        body = text(driver)
        assert "Mina" in body and "Local government" in body
        for other in ROLES:
            if other != "local":
                for lang in ("en", "ko"):
                    assert pick(tutorial.roles[other].agenda_text, lang) not in driver.page_source
        # round 1: the event, negotiation, actions
        assert session.state.phase == "event"
        click(driver, "option-0")
        until(lambda: session.state.phase == "negotiation")
        until(lambda: exists(driver, "end-negotiation") or driver.find_elements(By.CSS_SELECTOR, "[id^=reject-]"))
        while session.state.phase == "negotiation":
            pending = driver.find_elements(By.CSS_SELECTOR, "[id^=reject-]")
            if pending:
                click(driver, pending[0].get_attribute("id"))
            elif exists(driver, "end-negotiation"):
                click(driver, "end-negotiation")
            time.sleep(0.1)
        until(lambda: exists(driver, "end-turn"))
        fundable = [b for b in driver.find_elements(By.CSS_SELECTOR, "button[data-action]") if b.is_enabled()]
        assert fundable
        funded = fundable[0].get_attribute("data-action")
        click(driver, fundable[0].get_attribute("id"))
        until(lambda: any(a.role == "local" and getattr(a, "action_id", None) == funded for a in session.state.history))
        until(lambda: exists(driver, "funded"))
        click(driver, "end-turn")
        until(lambda: session.state.round == 2)
        until(lambda: "Round 2" in text(driver))
        # Korean: the page follows the seat's language
        click(driver, "lang-ko")
        mine_ko = pick(tutorial.roles["local"].agenda_text, "ko")
        until(lambda: driver.find_element(By.ID, "agenda").text == mine_ko)
        body = text(driver)
        assert "예산" in body and "라운드" in body and "Budget" not in body
        for other in ROLES:
            if other != "local":
                assert pick(tutorial.roles[other].agenda_text, "ko") not in driver.page_source
        # a reload rejoins the same seat, in its language
        driver.refresh()
        until(lambda: driver.find_element(By.ID, "agenda").text == mine_ko)
        assert server.hub.status()["local"] == "connected"
        assert not console_errors(driver)
        # the public board shows no agenda at all
        driver.get(server.base_url() + "/watch")
        until(lambda: exists(driver, "region"))
        assert not exists(driver, "agenda")
        for r in ROLES:
            assert pick(tutorial.roles[r].agenda_text, "ko") not in driver.page_source
    finally:
        server.stop()


# One step of a seat's person, as a script in its tab (one round trip per step): what its page
# offers, in this order — the event's options, an answer, one proposal a round, the end of
# negotiation, one funding a round, the end of the turn.
STEP = """
const round = arguments[0], phase = arguments[1], proposed = arguments[2], funded = arguments[3];
function b(id) { const e = document.getElementById(id); return e && !e.disabled ? e : null; }
let e;
if (phase === 'event' && (e = b('option-' + (round % 2)) || b('option-0'))) { e.click(); return 'option'; }
const acc = document.querySelector('[id^=accept-]');
if (phase === 'negotiation' && acc) {
  const id = Number(acc.id.split('-')[1]);
  (id % 2 === 0 ? acc : document.getElementById('reject-' + id)).click();
  return 'answer';
}
if (phase === 'negotiation' && !proposed && b('propose') && b('money-plus')) {
  b('money-plus').click(); b('propose').click(); return 'deal';
}
if (phase === 'negotiation' && (e = b('end-negotiation'))) { e.click(); return 'end-negotiation'; }
if (phase === 'actions' && b('end-turn')) {
  const f = Array.from(document.querySelectorAll('button[data-action]')).filter(function (x) { return !x.disabled; });
  if (f.length && !funded) { f[round % f.length].click(); return 'fund'; }
  b('end-turn').click();
  if ((e = b('yes-end'))) e.click();
  return 'end-turn';
}
return '';
"""


def _play_in_browser(driver, server, session, handles) -> None:
    """Four seats in four tabs, each doing what its page offers, until the game is over. The
    driver looks only at the tabs of seats the rules let move (a tab switch is the slow part)."""
    from game.engine import legal_actions
    deadline = time.monotonic() + 100
    done: set = set()
    here = None
    while session.state.phase != "game_over":
        assert time.monotonic() < deadline, "the browser game did not finish"
        state = session.state
        movers = [r for r in ROLES if legal_actions(state, r)]
        if here in movers:
            movers.remove(here)
            movers.insert(0, here)
        moved = False
        for role in movers:
            if role != here:
                driver.switch_to.window(handles[role])
                here = role
            r = state.round
            did = driver.execute_script(STEP, r, state.phase, (role, r, "deal") in done, (role, r, "fund") in done)
            if did in ("deal", "fund"):
                done.add((role, r, did))
            if did:
                moved = True
                end = time.monotonic() + 1.0      # the move lands before a page is asked again
                while session.state is state and time.monotonic() < end:
                    time.sleep(0.003)
                break
        if not moved:
            time.sleep(0.02)        # the pages have not had the last update yet


@pytest.mark.heavy
def test_whole_tutorial_in_browsers_equals_the_keyboard(browser, tutorial):
    seats = {r: Seat("human", name=r, device=True) for r in ROLES}
    session = GameSession(tutorial, "tutorial", 9, seats, lang="en")
    server = serve(session)
    driver = browser
    try:
        handles = {}
        for role in ROLES:
            driver.switch_to.new_window("tab")
            driver.get(server.seat_link(role))
            handles[role] = driver.current_window_handle
            until(lambda: exists(driver, "agenda"))
            assert driver.find_element(By.ID, "agenda").text == pick(tutorial.roles[role].agenda_text, "en")
        _play_in_browser(driver, server, session, handles)
    finally:
        server.stop()
        for handle in list(driver.window_handles)[1:]:
            driver.switch_to.window(handle)
            driver.close()
        driver.switch_to.window(driver.window_handles[0])
    assert session.state.phase == "game_over"
    moves = list(session.state.history)
    kinds = {type(a).__name__ for a in moves}
    assert {"ChooseOption", "ProposeDeal", "RespondDeal", "EndNegotiation", "Fund", "EndTurn"} <= kinds
    # the same moves at the keyboard: hot-seat seats, through GameSession.act
    keyboard = GameSession(tutorial, "tutorial", 9, {r: Seat("human", name=r) for r in ROLES}, lang="en")
    for a in moves:
        keyboard.act(a)
    from game.engine import observe
    assert [to_json(a) for a in keyboard.state.history] == [to_json(a) for a in moves]
    assert observe(keyboard.state, None) == observe(session.state, None)
    for r in ROLES:
        assert observe(keyboard.state, r) == observe(session.state, r)
