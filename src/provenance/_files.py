"""
Reading and writing the text of documents (ledgers, policies) from paths or
open files, with every failure a `FileAccessError` that keeps the operating
system's error as its cause.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat

from pathlib import Path
from typing import IO

from provenance.errors import FileAccessError, InvalidValueError, short_repr


def write_text(file: str | os.PathLike[str] | IO[str], text: str, where: str) -> None:
    """
    Write *text* to *file*, a path (as UTF-8) or a text file open for
    writing; *where* names the calling function in errors.
    """
    is_path = isinstance(file, (str, os.PathLike))
    if not is_path and not callable(getattr(file, "write", None)):
        msg = "must be a path or a text file open for writing"
        raise InvalidValueError(msg, f"{where}.file", file)
    try:
        if is_path:
            _replace_with(os.fsdecode(file), text)  # type: ignore[arg-type]  # a path, checked above
        else:
            file.write(text)  # type: ignore[union-attr]  # a file, checked above
    except (OSError, UnicodeError, ValueError) as exc:
        # ValueError: a closed file; UnicodeError: an encoding such as ASCII.
        msg = f"cannot write: {_reason(exc)}"
        raise FileAccessError(msg, _file_name(file)) from exc


def _replace_with(path: str, text: str) -> None:
    """
    Write *text* to a new file beside *path* (its target, if a link), then
    put it in *path*'s place, with *path*'s permissions if it exists: a
    write that fails leaves the old file whole. A device or a pipe is
    written to as it is.
    """
    try:
        target = Path(path).resolve()
    except RuntimeError:  # A symlink loop, before Python 3.13.
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), path) from None
    if Path(path).is_symlink():  # From 3.13, resolve() leaves a loop as it is.
        try:
            Path(path).stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise
    if target.exists() and not target.is_file():  # A device or a pipe: as it is.
        with target.open("w", encoding="utf-8") as stream:
            stream.write(text)
        return
    staged = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    try:
        with staged.open("x", encoding="utf-8") as stream:
            stream.write(text)
        if target.exists():
            staged.chmod(stat.S_IMODE(target.stat().st_mode))
        staged.replace(target)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise


def read_data(
    file: str | os.PathLike[str] | IO[str] | IO[bytes], where: str
) -> str | bytes:
    """
    The contents of *file*, a path (read as bytes) or a file open for
    reading; *where* names the calling function in errors.
    """
    is_path = isinstance(file, (str, os.PathLike))
    if not is_path and not callable(getattr(file, "read", None)):
        msg = "must be a path or a file open for reading"
        raise InvalidValueError(msg, f"{where}.file", file)
    try:
        data: str | bytes
        if is_path:
            with open(file, "rb") as handle:  # type: ignore[arg-type]  # noqa: PTH123  # a path, checked above
                data = handle.read()
        else:
            data = file.read()  # type: ignore[union-attr]  # a file, checked above
    except (OSError, UnicodeError, ValueError) as exc:
        # ValueError: a closed file; UnicodeError: a text file's decoding.
        msg = f"cannot read: {_reason(exc)}"
        raise FileAccessError(msg, _file_name(file)) from exc
    return data


def _file_name(file: object) -> str:
    return os.fsdecode(file) if isinstance(file, (str, os.PathLike)) else "<file>"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return short_repr(str(exc))
