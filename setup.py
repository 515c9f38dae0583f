"""Only the build step that pyproject.toml cannot say: a normal install carries the game's
content (scenarios/), catalogs (locale/) and fonts (assets/) inside the package, as
game/_data/<name>, where game.resources finds them. Everything else is in pyproject.toml."""
import importlib.util
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# game/resources.py names the folders (read as a file: the build has none of the game's
# dependencies installed)
_spec = importlib.util.spec_from_file_location("_game_resources", HERE / "game" / "resources.py")
_resources = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_resources)


class build_py_with_data(build_py):
    def run(self):
        super().run()
        for name in _resources.DATA_FOLDERS:
            shutil.copytree(HERE / name, Path(self.build_lib) / "game" / "_data" / name,
                            dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": build_py_with_data})
