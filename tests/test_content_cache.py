"""Parsed files and the shared library are remembered (yaml_loader._PARSED, loader._LIBRARIES)
so that a load does not re-read 500 cards. What is remembered must never be stale: a file
edited in place — same size, same time stamp — is read again, the problems follow the language,
and a remembered tree is the one a fresh parse builds."""
from __future__ import annotations

import os
import shutil

import pytest

from game.content import loader
from game.content.loader import BUILTIN_ROOT, ContentError, load_scenario
from game.i18n import set_language


@pytest.fixture()
def root(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(BUILTIN_ROOT, folder, ignore=shutil.ignore_patterns("*.md"))
    return folder


def _same_size_edit(path, old: str, new: str) -> None:
    """Replace `old` by `new` (of the same length) and put the time stamp back: nothing but the
    bytes tells the change."""
    assert len(old.encode()) == len(new.encode())
    stat = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns


def test_a_shared_file_edited_in_place_is_read_again(root):
    first = load_scenario("tutorial", content_root=root)
    assert load_scenario("tutorial", content_root=root).content_hash == first.content_hash
    actions = root / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    cost = next(line for line in text.splitlines() if line.strip().startswith("cost:"))
    _same_size_edit(actions, cost, cost.replace("cost:", "kost:"))
    with pytest.raises(ContentError) as refused:
        load_scenario("tutorial", content_root=root)
    assert any("actions.yaml" in p.path for p in refused.value.problems)
    _same_size_edit(actions, cost.replace("cost:", "kost:"), cost)
    assert load_scenario("tutorial", content_root=root).content_hash == first.content_hash


def test_a_card_file_added_or_removed_changes_the_library(root):
    load_scenario("tutorial", content_root=root)
    extra = root / "cards" / "zz_extra.yaml"
    extra.write_text("format: 1\ncards: 3\n", encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        load_scenario("tutorial", content_root=root)
    assert any("zz_extra.yaml" in p.path for p in refused.value.problems)
    extra.unlink()
    load_scenario("tutorial", content_root=root)


def test_the_problems_of_a_remembered_file_are_in_the_language_asked_for(root):
    (root / "cards" / "zz_extra.yaml").write_text("format: 1\ncards: 3\n", encoding="utf-8")
    messages = {}
    try:
        for lang in ("en", "ko", "en"):
            set_language(lang)
            with pytest.raises(ContentError) as refused:
                load_scenario("tutorial", content_root=root)
            got = [p.message for p in refused.value.problems if "zz_extra" in p.path]
            assert got
            assert messages.setdefault(lang, got) == got
    finally:
        set_language("en")
    assert messages["en"] != messages["ko"]


def test_a_remembered_tree_is_the_tree_a_fresh_parse_builds():
    from game.content import yaml_loader
    data = (BUILTIN_ROOT / "tutorial.yaml").read_bytes()
    remembered = yaml_loader.parse_yaml_bytes(data, "tutorial.yaml")
    again = yaml_loader.parse_yaml_bytes(data, "tutorial.yaml")
    fresh = yaml_loader._parse(data, "tutorial.yaml", yaml_loader._Loader)
    assert again.root is remembered.root              # remembered, not parsed twice

    def flat(node):
        kids = node.value if node.kind == "seq" else [n for pair in node.value for n in pair] \
            if node.kind == "map" else []
        return [(node.kind, node.line, node.column, node.path, node.key_at,
                 node.value if node.kind == "scalar" else None)] + [x for k in kids for x in flat(k)]
    assert flat(again.root) == flat(fresh.root)
    again.problems.append("a caller's own list")      # callers get their own list of problems
    assert yaml_loader.parse_yaml_bytes(data, "tutorial.yaml").problems == fresh.problems


def test_the_library_is_built_once_for_many_loads(root, monkeypatch):
    built = []
    real = loader._Library.__init__

    def counting(self, folder):
        built.append(folder)
        real(self, folder)
    monkeypatch.setattr(loader._Library, "__init__", counting)
    for ref in ("tutorial", "manufacturing-hub", "tutorial"):
        load_scenario(ref, content_root=root)
    assert len(built) <= 1
