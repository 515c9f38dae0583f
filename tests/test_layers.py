"""The layers ENGINEERING.md describes hold: pygame only under game/ui, and nothing outside the
engine imports a private engine name (the engine's public helpers are in game.engine)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAME = ROOT / "game"


def _modules(*exclude: str):
    for path in sorted(GAME.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if not any(rel.startswith(e) for e in exclude):
            yield rel, ast.parse(path.read_text(encoding="utf-8"), filename=rel)
    yield "main.py", ast.parse((ROOT / "main.py").read_text(encoding="utf-8"), filename="main.py")


def _imports(tree: ast.AST):
    """(line, module, names) for every import, at any depth (lazy imports in functions too)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, tuple(a.name for a in node.names)


def test_only_the_ui_imports_pygame():
    found = [f"{rel}:{line}: {module}" for rel, tree in _modules("game/ui/")
             for line, module, _names in _imports(tree)
             if module.split(".")[0] in ("pygame", "pygame_gui")]
    assert not found, "pygame outside game/ui:\n" + "\n".join(found)


def test_nothing_outside_the_engine_imports_a_private_engine_name():
    found = []
    for rel, tree in _modules("game/engine/"):
        for line, module, names in _imports(tree):
            if module == "game.engine" or module.startswith("game.engine."):
                private = [n for n in names if n.startswith("_")]
                if private or module.split(".")[-1].startswith("_"):
                    found.append(f"{rel}:{line}: from {module} import {', '.join(private) or '...'}")
    assert not found, "private engine names imported from outside:\n" + "\n".join(found)


def test_the_check_sees_lazy_and_private_imports():
    # the test above reads function bodies too, where most of these imports used to hide
    tree = ast.parse("def f():\n    from game.engine.game import _x, y\n    import pygame\n")
    got = list(_imports(tree))
    assert (2, "game.engine.game", ("_x", "y")) in got and (3, "pygame", ()) in got


def test_the_layers_below_the_shell_do_not_reach_up():
    """The engine imports nothing of the game's other layers; content and the debrief write
    files through the foundation module game.files, not through the save format's package; no
    layer below the window imports the window."""
    below = {"game/engine/": ("game.",), "game/content/": ("game.persistence", "game.ui", "game.session"),
             "game/debrief/": ("game.persistence", "game.ui"), "game/files.py": ("game.engine", "game.ui")}
    found = []
    for rel, tree in _modules():
        for prefix, banned in below.items():
            if not rel.startswith(prefix):
                continue
            for line, module, _names in _imports(tree):
                allowed = prefix == "game/engine/" and module.startswith(("game.engine", "game.i18n"))
                if module.startswith(banned) and not allowed:
                    found.append(f"{rel}:{line}: {module}")
    assert not found, "a layer imports one above it:\n" + "\n".join(found)
