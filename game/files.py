"""Files of the user's, below every layer that writes one (content's writer, the debrief's
report, saves, settings): where they live and how they are written. No game logic here."""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from game.i18n import _


def user_data_dir() -> Path:
    """Where saves, user scenarios and settings live (CPG_DATA_DIR overrides, for tests)."""
    override = os.environ.get("CPG_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir as _dir
    return Path(_dir("cluster-policy-game", appauthor=False))


def reports_dir() -> Path:
    """Where exported debrief reports go: a visible folder in the user's documents, so a
    facilitator finds them later ("Cluster Policy Game reports"); the data folder when there is
    no documents folder or CPG_DATA_DIR is set (tests)."""
    override = os.environ.get("CPG_DATA_DIR")
    if override:
        return Path(override) / "reports"
    from platformdirs import user_documents_dir
    try:
        docs = Path(user_documents_dir())
    except Exception:       # no documents folder on this system
        return user_data_dir() / "reports"
    return docs / "Cluster Policy Game reports"


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over the target, so a
    crash leaves either the old file or the new one, never half of one."""
    path = Path(path)
    if path.exists() and not path.is_file():
        # a device (--save /dev/full) or a folder: renaming over it would replace it
        raise IsADirectoryError(errno.EISDIR if path.is_dir() else errno.EINVAL,
                                _("this is not a regular file"), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
