"""Where the game's own files live: `scenarios/`, `locale/` and `assets/`.

Their source is the project's top level, as the product's design names them. A normal
(non-editable) install copies them into the package as `game/_data/<name>` (setup.py's build
step), so an installed game finds them beside its own code, wherever it is started from —
never through the working directory. A source checkout or an editable install reads the
top-level folders themselves, so an edit to a card is live without reinstalling.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
DATA_FOLDERS = ("scenarios", "locale", "assets")     # setup.py copies exactly these


def data_dir(name: str) -> Path:
    """The folder `name` (one of DATA_FOLDERS): the checkout's top-level one if this code runs
    from a checkout, else the copy installed inside the package."""
    if name not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {name!r}")
    source = _PACKAGE.parent / name
    if source.is_dir() and (_PACKAGE.parent / "pyproject.toml").is_file():
        return source
    return _PACKAGE / "_data" / name
