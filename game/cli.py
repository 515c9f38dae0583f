"""The command line: `python main.py [command] ...`. No traceback ever reaches the user."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from game.engine.constants import LANGS, ROLES
from game.i18n import N_, _, format_number, get_language, pick, set_language, system_language, translate

# argparse's own words (usage, errors, the -h help) come from its gettext calls; we route them
# through our catalog so `--help` and usage errors are Korean too. Listed here for extraction.
ARGPARSE_MSGIDS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"), N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
)

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_ERROR = 0, 1, 2, 3
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")   # no pygame banner on our stdout


def _parser() -> argparse.ArgumentParser:
    argparse._ = _  # type: ignore[attr-defined]  # see ARGPARSE_MSGIDS
    lang_help = _("language of all output: ko (Korean) or en (English); default: the system's")
    p = argparse.ArgumentParser(
        prog="python main.py",
        description=_("Cluster Policy Game: a serious game for regional innovation policy workshops. "
                      "Four roles (central ministry, local government, firms, university) negotiate "
                      "budgets over several rounds while event cards test them with the failure "
                      "types of cluster policy. Without a command, the game window opens."),
        epilog=_("Examples:\n"
                 "  python main.py play --headless --seed 7 --lang en\n"
                 "  python main.py play --headless --scenario my-region.yaml --save game.json\n"
                 "  python main.py validate scenarios/tutorial.yaml\n"
                 "  python main.py replay game.json"),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lang", choices=LANGS, help=lang_help)
    sub = p.add_subparsers(dest="command", metavar=_("command"))
    # options several commands share, defined once
    lang_opt = argparse.ArgumentParser(add_help=False)
    lang_opt.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=lang_help)
    scenario_opt = argparse.ArgumentParser(add_help=False)
    scenario_opt.add_argument("--scenario", default="tutorial", metavar=_("ID|PATH"),
                              help=_("a built-in scenario id or a scenario file (default: tutorial)"))

    play = sub.add_parser("play", parents=[lang_opt, scenario_opt],
                          help=_("play a game (with --headless: AIs in every seat, printed as text)"),
                          description=_("Play a whole game. With --headless every seat is played by an AI "
                                        "and each round is printed: the event, deals, actions, how the "
                                        "region changed and why, failures fired, and the final scores."))
    play.add_argument("--headless", action="store_true", help=_("no window: AIs play, the game is printed"))
    play.add_argument("--seed", type=int, default=1, metavar="N",
                      help=_("random seed; the same seed gives the same game (default: 1)"))
    play.add_argument("--ai", default="", metavar=_("ROLE=LEVEL[:PERSONALITY],..."),
                      help=_("AI level per seat, ROLE=LEVEL[:PERSONALITY], e.g. local=hard:election_builder; "
                             "roles: {roles}; levels: {levels}").format(
                          roles=", ".join(ROLES), levels="baseline, easy, normal, hard"))
    play.add_argument("--save", metavar=_("FILE"), help=_("write a save file (JSON) of the finished game"))

    val = sub.add_parser("validate", parents=[lang_opt], help=_("check scenario, card, action or catalogue files"),
                         description=_("Check content files and report every problem as "
                                       "file:line:column: message. Exit 0 when there are no errors."))
    val.add_argument("paths", nargs="+", metavar=_("PATH"), help=_("YAML files or folders"))

    sim = sub.add_parser("simulate", parents=[lang_opt, scenario_opt],
                         help=_("play many AI games of a scenario and summarise them"),
                         description=_("The balance lab: play many headless games of one scenario with "
                                       "AIs in every seat and report win rates, how often the region "
                                       "collapses, mean scores and how often each failure type fires."))
    sim.add_argument("--games", type=int, default=200, metavar="N", help=_("number of games (default: 200)"))
    sim.add_argument("--jobs", type=int, default=1, metavar="J",
                     help=_("processes to play in parallel (default: 1); results do not depend on it"))
    sim.add_argument("--seed", type=int, default=0, metavar="S", help=_("seed of the whole run (default: 0)"))
    sim.add_argument("--ai", default="", metavar=_("ROLE=LEVEL[:PERSONALITY],..."),
                     help=_("AI level per seat, as for play"))
    sim.add_argument("--format", choices=("text", "json"), default="text",
                     help=_("text (a table) or json (one object)"))

    chk = sub.add_parser("check", parents=[lang_opt],
                         help=_("check a scenario: validation, a quick balance run and plain warnings"),
                         description=_("Validate a scenario, play a few hundred AI games of it, and warn in plain "
                                       "sentences about learning goals that never or always fire, a role that wins "
                                       "too often, a region that collapses in most games, cards never drawn and "
                                       "rounds too long for a workshop. Exit 0 when there are no errors."))
    chk.add_argument("scenario", metavar=_("ID|PATH"), help=_("a built-in scenario id or a scenario file"))
    chk.add_argument("--games", type=int, default=300, metavar="N", help=_("games in the balance run (default: 300)"))
    chk.add_argument("--jobs", type=int, default=2, metavar="J", help=_("processes to use (default: 2)"))
    chk.add_argument("--lab-seeds", type=int, default=None, metavar="N",
                     help=_("games per archetype and seat in the quick strategy lab (default: 16; 0: no lab)"))
    chk.add_argument("--format", choices=("text", "json"), default="text",
                     help=_("text (a table) or json (one object)"))

    lab = sub.add_parser("lab", parents=[lang_opt, scenario_opt],
                         help=_("the strategy lab: does playing by the paper's lessons pay in this scenario?"),
                         description=_("Play scripted archetypes (lesson, trap, extreme, idle, mixed) in every seat "
                                       "on the same seeds and report, with standard errors: (a) each archetype "
                                       "alone against three normal AIs, (b) each archetype against three lesson "
                                       "players after round 2 and at the end, (c) all-lesson, all-trap and "
                                       "all-mixed tables, (d) the paper's claims as paired comparisons, and the "
                                       "targets they meet."))
    lab.add_argument("--seeds", type=int, default=200, metavar="N",
                     help=_("games per configuration (default: 200)"))
    lab.add_argument("--jobs", type=int, default=2, metavar="J",
                     help=_("processes to play in parallel (default: 2); results do not depend on it"))
    lab.add_argument("--seed", type=int, default=0, metavar="S", help=_("seed of the whole run (default: 0)"))
    lab.add_argument("--sections", default="solo,deviation,tables,claims", metavar=_("LIST"),
                     help=_("comma-separated: solo, deviation, tables, claims (default: all)"))
    lab.add_argument("--format", choices=("text", "json"), default="text",
                     help=_("text (tables) or json (one object)"))

    demo = sub.add_parser("demo", parents=[lang_opt, scenario_opt],
                          help=_("watch AIs play a whole game in the real window (attract mode)"),
                          description=_("Drive the real game window through a whole game with an AI deciding "
                                        "for every seat, including the curtains and the private screens. With "
                                        "--screenshots, save a PNG of every distinct screen and exit."))
    demo.add_argument("--seed", type=int, default=1, metavar="N", help=_("random seed (default: 1)"))
    demo.add_argument("--screenshots", metavar=_("DIR"), help=_("folder for the screenshots (created if needed)"))
    demo.add_argument("--delay", type=int, default=None, metavar="MS",
                      help=_("pause between steps in milliseconds (default: 600 in a window, 0 with --screenshots)"))

    rep = sub.add_parser("replay", parents=[lang_opt], help=_("replay a save file and print the result"),
                         description=_("Rebuild a saved game from its scenario, seed and action log, and "
                                       "print where it stands."))
    rep.add_argument("save", metavar=_("SAVE"), help=_("a save file written by --save or by the game"))

    deb = sub.add_parser("debrief", parents=[lang_opt], help=_("write the debrief of saved games as one HTML report"),
                         description=_("Write the debrief of one or more finished games as a single printable "
                                       "HTML file: the table summary, a page per player with their decisions "
                                       "and turning points, the lessons and discussion questions, and a "
                                       "comparison when several saves of the same scenario are given."))
    deb.add_argument("saves", nargs="+", metavar=_("SAVE"), help=_("save files of the same scenario"))
    deb.add_argument("--out", metavar=_("FILE"), help=_("the HTML file to write (default: debrief.html)"))
    return p


def _early_language(argv: list[str]) -> str:
    """Pick the language before building --help texts."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGS:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[7:] in LANGS:
            return arg[7:]
    return system_language()


def _terminal_text(line: str) -> str:
    """What reaches the terminal: control characters (but tabs) dropped, whatever text a file
    brought in (a scenario name, a save's path) — it must not clear the screen or retitle it."""
    return "".join(ch for ch in line if ch == "\t" or not (ch < " " or "\x7f" <= ch <= "\x9f"))


def _out(line: str = "") -> None:
    sys.stdout.write(_terminal_text(line) + "\n")


def _err(line: str) -> None:
    sys.stderr.write(_terminal_text(line) + "\n")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_early_language(argv))
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:      # argparse has printed help or a usage error
        return int(exc.code or 0)
    if getattr(args, "lang", None):
        set_language(args.lang)
    try:
        if args.command == "play":
            return _cmd_play(args)
        if args.command == "validate":
            return _cmd_validate(args)
        if args.command == "replay":
            return _cmd_replay(args)
        if args.command == "simulate":
            return _cmd_simulate(args)
        if args.command == "demo":
            return _cmd_demo(args)
        if args.command == "debrief":
            return _cmd_debrief(args)
        if args.command == "check":
            return _cmd_check(args)
        if args.command == "lab":
            return _cmd_lab(args)
        return _cmd_window(lang_chosen=bool(getattr(args, "lang", None)))
    except KeyboardInterrupt:
        _err(_("Interrupted."))
        return EXIT_ERROR
    except BrokenPipeError:
        # the reader went away (`| head`): stop writing, and let the interpreter's final flush
        # go nowhere instead of printing a second error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # the last line of defence: a sentence, not a traceback
        if os.environ.get("CPG_DEBUG"):
            raise
        _err(_("Something went wrong that should not have: {error}. Please report it "
               "(set CPG_DEBUG=1 to see the details).").format(error=f"{type(exc).__name__}: {exc}"))
        return EXIT_ERROR


# --- commands ------------------------------------------------------------------------------------

def _cmd_window(lang_chosen: bool = False) -> int:
    from game.ui import WindowUnavailable, run     # game.ui imports pygame only when run

    try:
        return run(get_language(), lang_chosen=lang_chosen)
    except ImportError as exc:
        _err(_("The game window needs pygame-ce and pygame_gui ({reason}). Install with: "
               "python -m pip install -e .").format(reason=exc))
        return EXIT_ERROR
    except WindowUnavailable as exc:  # e.g. no display at all
        _err(_("The game window cannot open here ({reason}). Headless play still works: "
               "python main.py play --headless").format(reason=exc))
        return EXIT_ERROR


def _cmd_demo(args) -> int:
    from game.content.loader import ContentError, load_scenario
    from game.ui.demo import run_demo

    try:
        load_scenario(args.scenario)
    except ContentError as exc:
        for p in exc.problems:
            _err(str(p))
        return EXIT_INVALID
    delay = args.delay if args.delay is not None else (0 if args.screenshots else 600)
    code = run_demo(args.scenario, args.seed, get_language(), args.screenshots, delay)
    if args.screenshots:
        _out(_("Screenshots written to {path}.").format(path=args.screenshots))
    return code


def _load_scenario(ref: str):
    from game.content.loader import ContentError, load_scenario_with_warnings

    try:
        scenario, warnings = load_scenario_with_warnings(ref)
    except ContentError as exc:
        for p in exc.problems:
            _err(str(p))
        _err(_("The scenario cannot be played until these problems are fixed."))
        return None
    for w in warnings:
        _err(str(w))
    return scenario


class AiSpecError(ValueError):
    """A --ai problem, with its sentence for the user. `personality`: the problem is a personality
    name (which a scenario may define), decided where it is found, never by reading the text."""

    def __init__(self, text: str, personality: bool = False):
        super().__init__(text)
        self.personality = personality


def _parse_ai(spec: str, scenario=None) -> dict[str, str]:
    """role -> 'LEVEL[:PERSONALITY]' from `--ai`; raises AiSpecError."""
    from game.ai import LEVELS
    from game.ai.personalities import personalities_of

    levels: dict[str, str] = {}
    for item in filter(None, (s.strip() for s in spec.split(","))):
        role, sep, level = item.partition("=")
        if not sep or role not in ROLES:
            raise AiSpecError(_("'{item}' is not ROLE=LEVEL; roles are {roles}.").format(
                item=item, roles=", ".join(ROLES)))
        level_name, _colon, personality = level.partition(":")
        if level_name not in LEVELS:
            raise AiSpecError(_("'{level}' is not an AI level; available: {levels}.").format(
                level=level_name, levels=", ".join(sorted(LEVELS))))
        if personality:
            known = list(personalities_of(role, scenario)) if level_name != "baseline" else []
            if personality not in known:
                raise AiSpecError(_("'{personality}' is not a personality of {role}; available: {known}.").format(
                    personality=personality, role=role, known=", ".join(known) or "-"), personality=True)
        levels[role] = level
    return levels


def _jobs(requested: int) -> int:
    """Processes for a batch command: never more than the machine has cores (more only
    compete for them and multiply the memory)."""
    cores = os.cpu_count() or 1
    if requested > cores:
        _err(_("--jobs {requested} is more than this machine's {cores} cores; using {cores}.").format(
            requested=requested, cores=cores))
        return cores
    return requested


def _seed_ai_scenario(args):
    """The seed, AI seats and scenario shared by play and simulate: (scenario, levels), or an
    exit code after a message."""
    if not 0 <= args.seed < 2**63:
        _err(_("The seed must be a whole number from 0 up."))
        return EXIT_USAGE
    try:
        _parse_ai(args.ai)                 # the syntax first: no need to load anything to refuse it
    except AiSpecError as exc:
        if not exc.personality:
            _err(str(exc))
            return EXIT_USAGE
    scenario = _load_scenario(args.scenario)
    if scenario is None:
        return EXIT_INVALID
    try:
        levels = _parse_ai(args.ai, scenario)  # a scenario may bring its own personalities
    except AiSpecError as exc:
        _err(str(exc))
        return EXIT_USAGE
    return scenario, levels


def _cmd_play(args) -> int:
    if not args.headless:
        _err(_("To play in the game window, run python main.py without a command; add --headless to "
               "watch AIs play a game printed as text."))
        return EXIT_USAGE
    loaded = _seed_ai_scenario(args)
    if isinstance(loaded, int):
        return loaded
    scenario, levels = loaded
    from game.headless import play_game

    reasons: list[dict] = []
    state = play_game(scenario, args.seed, levels, reasons=reasons)
    if args.save:
        # before printing: output piped into `head` may close early, and the save must not depend
        # on anyone reading the text to its end
        from game.persistence.saves import save_game
        try:
            save_game(args.save, state, scenario_ref=args.scenario, lang=get_language(), ai_reasons=reasons)
        except OSError as exc:
            _err(_("Could not write the save file {path}: {reason}").format(path=args.save, reason=exc.strerror or exc))
            return EXIT_ERROR
    for line in game_report(state):
        _out(line)
    if args.save:
        _out(_("Saved to {path}.").format(path=args.save))
    return EXIT_OK


def _progress_bar():
    """A progress bar on stderr: redrawn in place on a terminal, a line per 10% otherwise."""
    tty = sys.stderr.isatty()
    last = [-1]

    def show(done: int, total: int) -> None:
        step = done * 10 // total
        if tty:
            filled = done * 30 // total
            sys.stderr.write("\r[" + "#" * filled + "." * (30 - filled) + "] "
                             + _("{done}/{total} games").format(done=done, total=total))
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif step != last[0]:
            last[0] = step
            sys.stderr.write(_("{done}/{total} games").format(done=done, total=total) + "\n")
    return show


def _cmd_simulate(args) -> int:
    import json

    from game.presentation import simulation_table
    from game.simulate import simulate

    if args.games < 1 or args.jobs < 1:
        _err(_("--games and --jobs must be at least 1."))
        return EXIT_USAGE
    loaded = _seed_ai_scenario(args)
    if isinstance(loaded, int):
        return loaded
    scenario, levels = loaded
    result = simulate(scenario, args.scenario, args.games, args.seed, _jobs(args.jobs), levels, _progress_bar())
    if args.format == "json":
        _out(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for line in simulation_table(result, scenario):
            _out(line)
    return EXIT_OK


def _cmd_check(args) -> int:
    import json

    from game.check import check
    from game.presentation import simulation_table

    if args.games < 1 or args.jobs < 1:
        _err(_("--games and --jobs must be at least 1."))
        return EXIT_USAGE
    scenario = _load_scenario(args.scenario)     # validation: every problem, file:line:column
    if scenario is None:
        return EXIT_INVALID
    from game.check import LAB_SEEDS
    lab_seeds = LAB_SEEDS if args.lab_seeds is None else args.lab_seeds
    if lab_seeds < 0:
        _err(_("--lab-seeds must be 0 or more."))
        return EXIT_USAGE
    result = check(scenario, args.scenario, args.games, 0, _jobs(args.jobs), _progress_bar(), lab_seeds)
    if args.format == "json":
        _out(json.dumps(result, ensure_ascii=False, indent=1))
        return EXIT_OK
    for line in simulation_table(result["simulation"], scenario):
        _out(line)
    _out("")
    if result["warnings"]:
        _out(_("Warnings:"))
        for w in result["warnings"]:
            _out("  • " + translate(w["msg"], w["params"]))
    else:
        _out(_("No warnings: the scenario looks ready for a workshop."))
    return EXIT_OK


def _cmd_lab(args) -> int:
    import json

    from game.lab.report import text_lines
    from game.lab.runner import SECTIONS, run

    sections = tuple(x.strip() for x in args.sections.split(",") if x.strip())
    unknown = [x for x in sections if x not in SECTIONS]
    if args.seeds < 2 or args.jobs < 1 or unknown or not sections:
        _err(_("--seeds must be at least 2, --jobs at least 1, and --sections a list of: {names}.").format(
            names=", ".join(SECTIONS)))
        return EXIT_USAGE
    scenario = _load_scenario(args.scenario)
    if scenario is None:
        return EXIT_INVALID
    report = run(scenario, args.scenario, args.seeds, args.seed, _jobs(args.jobs), sections, _progress_bar())
    if args.format == "json":
        _out(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        for line in text_lines(report):
            _out(line)
    return EXIT_OK


def _cmd_validate(args) -> int:
    from game.content.loader import validate_paths

    problems = validate_paths(args.paths)
    for p in problems:
        _out(str(p))
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if errors:
        _out(_("{errors} error(s), {warnings} warning(s).").format(errors=errors, warnings=warnings))
        return EXIT_INVALID
    _out(_("Valid ({warnings} warning(s)).").format(warnings=warnings))
    return EXIT_OK


def _cmd_replay(args) -> int:
    from game.persistence.saves import SaveError, read_save, restore, scenario_ref_for

    try:
        save = read_save(args.save)
        ref = scenario_ref_for(save, args.save)
    except SaveError as exc:
        _err(str(exc))
        return EXIT_INVALID
    scenario = _load_scenario(ref)
    if scenario is None:
        return EXIT_INVALID
    if save.content_hash and scenario.content_hash != save.content_hash:
        _err(_("Warning: the scenario files have changed since this game was saved."))
    try:
        state = restore(save, scenario)
    except SaveError as exc:
        _err(str(exc))
        return EXIT_INVALID
    for line in game_report(state):
        _out(line)
    return EXIT_OK


def _cmd_debrief(args) -> int:
    from game.debrief.report import DebriefError, build_table, check_same_scenario, write_report
    from game.persistence.saves import SaveError, read_save, restore, scenario_ref_for

    out_path = Path(args.out or "debrief.html")
    for path in args.saves:
        if out_path.resolve() == Path(path).resolve():
            _err(_("{path} is one of the saves to read: the report needs another file name (--out).").format(
                path=path))
            return EXIT_USAGE
    saves = []
    for path in args.saves:
        try:
            saves.append((path, read_save(path)))
        except SaveError as exc:
            _err(str(exc))
            return EXIT_INVALID
    ids = sorted({s.scenario_id for _p, s in saves})
    if len(ids) > 1:
        _err(_("These games were played on different scenarios ({ids}); only games of the same scenario "
               "can be compared in one report.").format(ids=", ".join(ids)))
        return EXIT_INVALID
    tables = []
    for path, save in saves:
        try:
            ref = scenario_ref_for(save, path)
        except SaveError as exc:
            _err(str(exc))
            return EXIT_INVALID
        scenario = _load_scenario(ref)
        if scenario is None:
            return EXIT_INVALID
        try:
            state = restore(save, scenario)
        except SaveError as exc:
            _err(str(exc))
            return EXIT_INVALID
        if state.phase != "game_over":
            _err(_("{path}: this game is not finished yet (round {round}); its debrief is incomplete.").format(
                path=path, round=state.round))
        tables.append(build_table(state, save.table or Path(path).name, save.seats, ai_reasons=save.ai_reasons))
    try:
        check_same_scenario(tables)
        out = write_report(out_path, tables, get_language())
    except DebriefError as exc:
        _err(str(exc))
        return EXIT_INVALID
    except OSError as exc:
        _err(_("The report cannot be written: {reason}").format(reason=exc.strerror or exc))
        return EXIT_ERROR
    _out(_("Debrief written to {path}.").format(path=out))
    return EXIT_OK


# --- the printed game ---------------------------------------------------------------------------

def game_report(state) -> list[str]:
    """The whole game as text, round by round (everything revealed: a spectator's view)."""
    from game.engine import outcome
    from game.engine.scoring import score_parts
    from game.presentation import describe_terms, entry_text, indicator_changes, outcome_lines, role_name

    sc = state.scenario
    lines = [pick(sc.name), "=" * 60]
    by_round: dict[int, list] = {}
    for e in state.log:
        by_round.setdefault(e.round, []).append(e)
    for rnd in sorted(by_round):
        entries = by_round[rnd]
        lines.append("")
        lines.append(_("— Round {round} of {rounds} —").format(round=rnd, rounds=sc.rounds))
        for e in entries:
            if e.kind in ("trigger", "card"):
                lines.append(entry_text(e))
                if e.kind == "card":
                    lines.append("  " + pick(sc.cards[e.data["card"]].text))
            elif e.kind == "decision":
                tags = ", ".join(e.data["tags"])
                lines.append("  → " + entry_text(e) + (f"  [{tags}]" if tags else ""))
            elif e.kind == "effect" and e.phase in ("event", "briefing") and e.visible_to is None:
                lines.append("    " + entry_text(e))
        deals = [d for d in state.deals if d.round == rnd]
        lines.append(_("Deals:"))
        status_text = {"accepted": _("accepted"), "rejected": _("rejected"), "countered": _("countered"),
                       "failed": _("failed"), "pending": _("pending")}
        for d in deals:
            lines.append("  " + _("no. {id} {proposer} → {recipients}: {terms} ({status})").format(
                id=d.id, proposer=role_name(d.proposer),
                recipients=", ".join(role_name(r) for r in d.terms.recipients),
                terms=describe_terms(d.terms, sc), status=status_text[d.status]))
        if not deals:
            lines.append("  " + _("none"))
        lines.append(_("Actions:"))
        record = state.records[rnd - 1] if rnd - 1 < len(state.records) else state.record
        for role in ROLES:
            funded = [f"{pick(sc.actions[a].name)} ({format_number(c)})"
                      for (r, a, _k, c, s) in record["funded"] if r == role and s == "budget"]
            lines.append(f"  {role_name(role)}: " + (", ".join(funded) if funded else _("nothing")))
        for e in entries:
            if e.kind in ("cancel", "commitment"):
                lines.append("  " + entry_text(e))
        lines.append(_("Region:"))
        for e in entries:
            if e.kind == "effect" and e.phase == "resolution" and e.visible_to is None:
                lines.append("  " + entry_text(e))
        if rnd < len(state.series):
            lines += ["    " + ln for ln in indicator_changes(state.series[rnd - 1], state.series[rnd])]
        fired = [e for e in entries if e.kind == "failure"]
        lines.append(_("Failures fired:"))
        for e in fired:
            lines.append("  " + entry_text(e))
        if not fired:
            lines.append("  " + _("none"))
        for e in entries:
            if e.kind == "resolution":
                lines.append(entry_text(e))
    if state.phase == "game_over":
        res = outcome(state)
        lines += ["", "=" * 60, _("Final scores")]
        lines += outcome_lines(res, sc, {r: score_parts(state, r) for r in ROLES})
    else:
        from game.engine.labels import PHASE_LABELS
        lines += ["", _("The game stopped in round {round}, phase {phase}.").format(
            round=state.round, phase=_(PHASE_LABELS[state.phase]))]
    return lines
