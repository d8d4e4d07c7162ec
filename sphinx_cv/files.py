"""Files written whole: under a temporary name first, then renamed into place."""

from __future__ import annotations

import os
from pathlib import Path


def temporary_name(path: Path) -> Path:
    """Where *path* is written before it is renamed into place: in its folder
    (a rename within one file system is atomic), hidden, and per process."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_whole(path: Path, data: bytes) -> None:
    """Write *data* to a temporary file, then rename it to *path*: a reader (or
    a later build) sees the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = temporary_name(path)
    temporary.write_bytes(data)
    temporary.replace(path)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write *data* whole, leaving the file (and its time) alone if it is the
    same; whether it was written."""
    if path.exists() and path.read_bytes() == data:
        return False
    write_whole(path, data)
    return True
