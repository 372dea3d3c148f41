"""Handing results back from a forked process through files of a private temporary folder
(a pipe then carries only small messages, so the sender never waits for the receiver)."""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import tempfile
from typing import Any

__all__ = ["hand_back", "remove_folder", "take_back", "temporary_folder"]

_IN_FILE = b"F"
_INLINE = b"P"
"""First byte of a message: the pickle is in the file named by the rest, or is the rest."""


def hand_back(item: Any, folder: str) -> bytes:
    """The message handing ``item`` back: pickled into a new file of ``folder`` (a message
    through a pipe stays small, so the sender never waits for the receiver), or, if that
    fails, into the message itself."""
    if folder:
        try:
            handle, path = tempfile.mkstemp(dir=folder, suffix=".pickle")
            with os.fdopen(handle, "wb") as out:
                pickle.dump(item, out, protocol=pickle.HIGHEST_PROTOCOL)
            return _IN_FILE + os.fsencode(path)
        except OSError:
            pass
    return _INLINE + pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)


def take_back(message: bytes) -> Any:
    """The item of a :func:`hand_back` message (its file is removed)."""
    if message[:1] == _INLINE:
        return pickle.loads(message[1:])
    path = os.fsdecode(message[1:])
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)


def temporary_folder() -> str:
    """A new private temporary folder, or "" when none can be made."""
    try:
        return tempfile.mkdtemp(prefix="hmis-")
    except OSError:
        return ""


def remove_folder(folder: str) -> None:
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
