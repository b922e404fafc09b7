"""
Reading and writing the text of documents (ledgers, policies) from paths or
open files, with every failure a `FileAccessError` that keeps the operating
system's error as its cause.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys

from pathlib import Path
from typing import IO, BinaryIO, Final

from provenance.errors import FileAccessError, InvalidValueError, short_repr


def write_text(file: str | os.PathLike[str] | IO[str], text: str, where: str) -> None:
    """
    Write *text* to *file*, a path (as UTF-8) or a text file open for
    writing; *where* names the calling function in errors.

    A path is never written over a store (an SQLite database) or over a
    store's log, index or journal (see `store_file_refusal`), nor over a
    file without write permission.
    """
    is_path = isinstance(file, (str, os.PathLike))
    if not is_path and not callable(getattr(file, "write", None)):
        msg = "must be a path or a text file open for writing"
        raise InvalidValueError(msg, f"{where}.file", file)
    try:
        if is_path:
            _replace_with(os.fsdecode(file), text)  # type: ignore[arg-type]  # a path, checked above
        else:
            try:
                file.write(text)  # type: ignore[union-attr]  # a file, checked above
            except TypeError:  # A binary file: it takes bytes, not text.
                msg = "must be a path or a text file open for writing, not binary"
                raise InvalidValueError(msg, f"{where}.file", file) from None
    except _RefusedError as exc:
        raise FileAccessError(exc.msg, _file_name(file)) from None
    except InvalidValueError:
        raise
    except (OSError, UnicodeError, ValueError) as exc:
        # ValueError: a closed file; UnicodeError: an encoding such as ASCII.
        msg = f"cannot write: {_reason(exc)}"
        raise FileAccessError(msg, _file_name(file)) from exc


class _RefusedError(Exception):
    """
    A path that is not written, for the reason *msg*, although the system
    would allow it.
    """

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg


def _replace_with(path: str, text: str) -> None:
    """
    Write *text* to a new file beside *path* (its target, if a link), then
    put it in *path*'s place, with *path*'s permissions if it exists: a
    write that fails leaves the old file whole. A device or a pipe is
    written to as it is, and so is a writable file in a folder where no
    new file can be made (then a failed write can leave it part-written).
    """
    if names_folder(path):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    target = followed(path)
    refusal = store_file_refusal(path, target)
    if refusal is not None:
        raise _RefusedError(refusal)
    if target.exists() and not target.is_file():  # A device or a pipe: as it is.
        with target.open("w", encoding="utf-8") as stream:
            stream.write(text)
        return
    # The new file replaces the old one whatever its permissions: a file
    # write-protected against open(path, "w") must be refused here.
    if target.exists() and not _writable(target):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
    staged = staging_path(target)
    try:
        # Created exclusively before anything is removed: only this file is.
        stream = staged.open("x", encoding="utf-8")
    except PermissionError:
        if not target.exists():
            raise
        # A writable file in a folder that is not: written in place, as
        # open(path, "w") would, but only once the text is encoded.
        _write_in_place(target, text.encode("utf-8"))
        return
    try:
        with stream:
            stream.write(text)
        if target.exists():
            staged.chmod(stat.S_IMODE(target.stat().st_mode))
        staged.replace(target)
    except BaseException:
        remove_quietly(staged)
        raise


def _writable(path: Path) -> bool:
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK, effective_ids=effective)


def _write_in_place(target: Path, data: bytes) -> None:
    """
    Write *data* over the file *target*, then cut what is left of its old
    contents: nothing is cut before the new text is written.
    """
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(target, flags), "wb") as out:
        out.write(data)
        out.truncate()


def followed(path: str) -> Path:
    """
    The absolute path of the file *path* names, its symbolic links followed
    (to a file that may not exist).

    Raises:
        IsADirectoryError: A link's text names a folder (ends in a
            separator, or a separator and ``.``): as ``open()`` refuses it,
            where `pathlib` would drop the separator and name a file.
        OSError: The links loop (``ELOOP``).
    """
    current = path
    for _ in range(_MOST_LINKS):
        try:
            # As text: Path.readlink() would drop a trailing separator.
            text = os.readlink(current)  # noqa: PTH115
        except OSError:  # Not a link (or nothing there): the end.
            break
        if names_folder(text):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        current = os.path.join(os.path.dirname(current), text)  # noqa: PTH118, PTH120  # as the system joins it
    else:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), path)
    try:
        return Path(current).resolve()
    except RuntimeError:  # A loop in a folder's links, before Python 3.13.
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), path) from None


#: How many symbolic links `followed` follows (Linux's ``MAXSYMLINKS``).
_MOST_LINKS: Final = 40

#: The first bytes of an SQLite database (a store, or another one).
SQLITE_HEADER: Final = b"SQLite format 3\x00"

#: The suffixes of the files SQLite keeps beside a database: its
#: write-ahead log, the log's index and its rollback journal.
SQLITE_FILES: Final = ("-wal", "-shm", "-journal")

#: How each of those files begins when SQLite wrote it: a log's magic
#: number, an index's version (in the machine's byte order) and a
#: journal's magic number; or zeros (an index being made, a journal's
#: header cleared once it is done with).
_SQLITE_FILE_STARTS: Final = {
    "-wal": (bytes.fromhex("377f0682"), bytes.fromhex("377f0683")),
    "-shm": ((3007000).to_bytes(4, sys.byteorder), bytes(4)),
    "-journal": (bytes.fromhex("d9d505f920a163d7"), bytes(8)),
}


def is_database(path: str | os.PathLike[str]) -> bool:
    """
    Whether *path* is a regular file that starts as an SQLite database
    does. A pipe, a FIFO or a device is never one, and is not opened.
    """
    try:
        if not stat.S_ISREG(Path(path).stat().st_mode):
            return False
        with Path(path).open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except (OSError, ValueError):
        return False


def database_of(path: str) -> str | None:
    """
    The SQLite database whose log, index or journal *path* names (by the
    suffix of its name), if there is one: SQLite would overwrite or remove
    any file there when it opens that database.
    """
    for suffix in SQLITE_FILES:
        base = path.removesuffix(suffix)
        if base != path and base and not names_folder(base) and is_database(base):
            return base
    return None


def store_file_refusal(path: str, target: Path) -> str | None:
    """
    Why a document is not written at *path* (*target*, its links
    followed), or ``None``: it is a store (an SQLite database) or a store's
    log, index or journal, which are part of the store.
    """
    if is_database(target):
        return "refusing to write over a store"
    for name in dict.fromkeys((path, str(target))):
        base = database_of(name)
        if base is not None:
            return f"refusing to write over a file of the store {short_repr(base)}"
    return None


def foreign_beside(database: Path) -> Path | None:
    """
    A file beside *database* (its links followed) under the name of its
    log, index or journal that SQLite did not write, which SQLite would
    overwrite or remove on opening it (another store, a document), or
    ``None``. An empty file, or one that cannot be read, is left to SQLite.
    """
    for suffix, starts in _SQLITE_FILE_STARTS.items():
        beside = Path(f"{database}{suffix}")
        try:
            mode = beside.lstat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:  # pragma: no cover  # then SQLite cannot open it either
            continue
        if not stat.S_ISREG(mode):  # SQLite only ever makes regular files.
            return beside
        try:
            with beside.open("rb") as handle:
                head = handle.read(len(starts[0]))
        except OSError:  # pragma: no cover  # another user's, unreadable
            continue
        if head and head not in starts:
            return beside
    return None


def staging_path(target: Path) -> Path:
    """
    A new name in *target*'s folder for a file made whole before it is put
    in *target*'s place: short and of fixed length, so that any name the
    file system allows *target* (up to ``NAME_MAX``) can be staged, and
    random, so that it is nobody else's file.
    """
    return target.with_name(f".prov-{secrets.token_hex(8)}.new")


def remove_quietly(path: Path) -> None:
    """
    Remove the temporary file *path* if it is there. A failure is ignored:
    it must not hide the error (or the success) of what made the file, and
    what is left is a hidden file nobody reads.
    """
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def names_folder(path: str) -> bool:
    """
    Whether *path*, as given, can only name a folder: it ends in a
    separator, or in a separator and ``.`` (which `pathlib` drops, turning
    ``reports/`` into the file ``reports``).
    """
    separators = os.sep + (os.altsep or "")
    return path.endswith((*separators, *(f"{sep}." for sep in separators)))


def read_data(
    file: str | os.PathLike[str] | IO[str] | IO[bytes], where: str
) -> str | bytes:
    """
    The contents of *file*, a path (read as bytes) or a file open for
    reading; *where* names the calling function in errors. A path must name
    a regular file or a pipe (read once, as given); a directory, a device
    or a socket is refused unread.
    """
    is_path = isinstance(file, (str, os.PathLike))
    if not is_path and not callable(getattr(file, "read", None)):
        msg = "must be a path or a file open for reading"
        raise InvalidValueError(msg, f"{where}.file", file)
    try:
        data: str | bytes
        if is_path:
            with open_regular(file, pipes=True) as handle:  # type: ignore[arg-type]  # a path, checked above
                data = handle.read()
        else:
            data = file.read()  # type: ignore[union-attr]  # a file, checked above
    except (OSError, UnicodeError, ValueError) as exc:
        # ValueError: a closed file; UnicodeError: a text file's decoding.
        msg = f"cannot read: {_reason(exc)}"
        raise FileAccessError(msg, _file_name(file)) from exc
    return data


class NotRegularFileError(OSError):
    """
    A path names something other than a regular file, so it is not opened
    or not read: its ``strerror`` says what it is.
    """

    def __init__(self, kind: str, path: str) -> None:
        code = errno.EISDIR if isinstance(self, IsADirectoryError) else None
        super().__init__(code, f"{kind}, not a regular file", path)
        self.kind = kind

    def __str__(self) -> str:
        return f"{self.strerror}: {self.filename!r}"


class _DirectoryError(NotRegularFileError, IsADirectoryError):
    """
    A directory, refused as the operating system refuses reading one.
    """


def open_regular(path: str | os.PathLike[str], *, pipes: bool = False) -> BinaryIO:
    """
    *path* (or what it links to) opened to read bytes, if it is a regular
    file or, with *pipes*, a pipe (FIFO).

    Anything else is refused with `NotRegularFileError`: before it is
    opened, since opening a FIFO waits for a writer, and again by the open
    file, so that one swapped in between is never read either (a device
    such as ``/dev/zero`` never ends).
    """
    _check_kind(Path(path).stat().st_mode, path, pipes=pipes)
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    # Without *pipes*, a FIFO swapped in after the check must not block.
    nonblocking = 0 if pipes else getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, flags | nonblocking)
    try:
        _check_kind(os.fstat(descriptor).st_mode, path, pipes=pipes)
        if nonblocking:
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _check_kind(mode: int, path: str | os.PathLike[str], *, pipes: bool) -> None:
    if not stat.S_ISREG(mode) and not (pipes and stat.S_ISFIFO(mode)):
        error = _DirectoryError if stat.S_ISDIR(mode) else NotRegularFileError
        raise error(file_kind(mode), os.fsdecode(path))


def file_kind(mode: int) -> str:
    """
    What the file of *mode* (``st_mode``) is, for messages: ``"a regular
    file"``, ``"a directory"``, ``"a pipe (FIFO)"``, ``"a socket"`` or
    ``"a device"``.
    """
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "an unknown kind of file"  # pragma: no cover  # no other kinds on POSIX


def _file_name(file: object) -> str:
    if isinstance(file, (str, os.PathLike)):
        return os.fsdecode(file)
    name = getattr(file, "name", None)  # An open file's path, when it has one.
    return name if isinstance(name, str) else "<file>"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return short_repr(str(exc))
