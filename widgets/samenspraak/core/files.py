"""Files with personal data on disk: readable and writable by the trainer's own user only.

Exports, reports and the SQLite store hold what participants wrote, so other users of the
computer must not read them, whatever the umask: files are 0600, folders this kit creates 0700.
Folders that already exist (``/tmp``, the home folder) are left as they are.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path | str) -> Path:
    """Make the folder ``path`` and any missing parents, each new one 0700; return the path.

    Folders that already exist keep their mode: only what this call creates is made private.
    A file in the way raises :class:`FileExistsError`, as :meth:`Path.mkdir` does.
    """
    path = Path(path)
    missing: list[Path] = []
    folder = path
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # made by someone else in the meantime: theirs, leave it
        os.chmod(folder, DIR_MODE)  # the umask may have taken bits away
    if not path.is_dir():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    return path


def _open_private(path: Path, flags: int) -> int:
    """Open ``path`` for writing with ``flags``, created 0600; a regular file that already
    existed is made 0600 too, before anything is written to it. Devices such as
    ``/dev/stdout`` keep their mode."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | flags, FILE_MODE)
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.fchmod(fd, FILE_MODE)
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_private(path: Path | str, data: bytes | str, encoding: str = "utf-8") -> None:
    """Write ``data`` (text in ``encoding``) to the file ``path``, mode 0600.

    A new file is created 0600, whatever the umask. An existing file is emptied and made 0600
    before the new content goes in, so the data never sits in a file others can read.
    """
    raw = data.encode(encoding) if isinstance(data, str) else data
    fd = _open_private(Path(path), os.O_TRUNC)
    with os.fdopen(fd, "wb") as file:
        file.write(raw)


def private_sqlite_file(path: Path | str) -> None:
    """Create the SQLite database file ``path`` empty with mode 0600 if it does not exist yet,
    in a folder made with :func:`private_dir`.

    SQLite takes an empty file for a new database. It gives the files it makes next to the
    database (``-wal``, ``-shm`` and ``-journal``) the mode of the database file itself,
    whatever the umask (checked with SQLite 3.40: umask 022 and 000, a database created 0600
    gets ``-wal``, ``-shm`` and ``-journal`` of 0600; one created by SQLite gets 0644 for all).
    So creating the database file 0600 first keeps all of them private.

    An existing file keeps its mode. ``:memory:`` and ``""`` (SQLite's in-memory and temporary
    databases) are no files: nothing is done.
    """
    if str(path) in ("", ":memory:"):
        return
    path = Path(path)
    private_dir(path.parent)
    try:
        fd = _open_private(path, os.O_EXCL)
    except FileExistsError:
        return
    os.close(fd)
