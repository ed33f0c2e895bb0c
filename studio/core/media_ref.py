"""Finding a project's media files again: content hash, relative paths, relink.

A `MediaRef` records a file by its absolute path, its path relative to the project file's folder, its size
and a content hash. A file counts as "the same file" only when size and hash match, so a different video
that happens to carry the same name is never picked up silently.

The hash (`sha256-hl:`, head and last) covers the size and the first and last MiB, not the whole file:
hashing a 500 MB video on every open would make opening slow. Two files of the same size whose first and
last MiB agree but whose middles differ would pass; phone and camera files carry their index (moov) and
unique stream data at those ends, so that does not happen between real recordings.

Holds no model (see `project`) and no UI; reads files, never writes them.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path, PurePosixPath

from studio.core.errors import QT_TRANSLATE_NOOP, InputError, ValidationError
from studio.core.project import MediaRef

MIB = 1024 * 1024
HASH_PREFIX = "sha256-hl:"
HASH_PATTERN = r"sha256-hl:[0-9a-f]{64}"


def content_hash(path: Path) -> str:
    """`sha256-hl:` + sha256 of the size (decimal text and a newline), the first MiB and the last MiB.

    A file of at most 2 MiB is hashed whole, once. Raises `InputError` naming the file when it cannot be read.
    """
    path = Path(path)
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            digest.update(f"{size}\n".encode("ascii"))
            if size <= 2 * MIB:
                digest.update(fh.read())
            else:
                digest.update(fh.read(MIB))
                fh.seek(size - MIB)
                digest.update(fh.read(MIB))
    except FileNotFoundError:
        raise InputError(QT_TRANSLATE_NOOP("errors", "the media file does not exist"), path,
                         code="media_missing") from None
    except OSError as exc:
        raise InputError(QT_TRANSLATE_NOOP("errors", "cannot read the media file: {reason}"), path,
                         code="media_unreadable", reason=exc.strerror or str(exc)) from None
    return HASH_PREFIX + digest.hexdigest()


def relative_media_path(media_path: Path, project_path: Path) -> str | None:
    """`media_path` relative to the folder of `project_path`, with `/` separators; None on another drive."""
    folder = Path(project_path).resolve().parent
    try:
        rel = os.path.relpath(Path(media_path).resolve(), folder)
    except ValueError:  # Windows: another drive has no relative path
        return None
    return Path(rel).as_posix()


def make_media_ref(media_path: Path, project_path: Path | None) -> MediaRef:
    """A reference to `media_path` for a project saved at `project_path` (None: not saved yet)."""
    media_path = Path(media_path).resolve()
    digest = content_hash(media_path)
    return MediaRef(
        relative_path=relative_media_path(media_path, project_path) if project_path is not None else None,
        absolute_path=str(media_path),
        size_bytes=media_path.stat().st_size,
        content_hash=digest,
    )


def is_verifiable(ref: MediaRef) -> bool:
    """False for references that recorded no hash (migrated from version 1 files): any file matches them."""
    return bool(ref.content_hash)


def matches(ref: MediaRef, path: Path) -> bool:
    """True when `path` is a readable regular file with the size and content hash that `ref` recorded."""
    path = Path(path)
    try:
        if not path.is_file():
            return False
        if not is_verifiable(ref):
            return True
        if path.stat().st_size != ref.size_bytes:
            return False
        return content_hash(path) == ref.content_hash
    except (OSError, InputError):
        return False


def ref_name(ref: MediaRef) -> str:
    """The file name the reference points at ("" when it records no path)."""
    for value in (ref.absolute_path, ref.relative_path):
        if value:
            return re.split(r"[\\/]", value.rstrip("\\/"))[-1]
    return ""


def resolve_media(ref: MediaRef, project_path: Path | None) -> Path | None:
    """Where the referenced file is now: its absolute path, else its relative path from the project's folder.

    A candidate counts only if its size and content hash match; None when neither place holds the file
    (then offer `find_relink_candidates` or let the person pick one and `check_relink` it).
    """
    candidates: list[Path] = []
    if ref.absolute_path:
        candidates.append(Path(ref.absolute_path))
    if ref.relative_path and project_path is not None:
        candidates.append(Path(project_path).resolve().parent / PurePosixPath(ref.relative_path))
    for candidate in candidates:
        if matches(ref, candidate):
            return candidate.resolve()
    return None


def check_relink(ref: MediaRef, candidate: Path) -> Path:
    """Return `candidate` (absolute) when it is the file `ref` recorded; else raise naming the candidate.

    Raises `ValidationError` (code `relink_mismatch`) for a different file, even one with the same name, and
    `InputError` when the candidate cannot be read.
    """
    candidate = Path(candidate).resolve()
    if not candidate.is_file():
        if not candidate.exists():
            raise InputError(QT_TRANSLATE_NOOP("errors", "the media file does not exist"), candidate,
                             code="media_missing")
        raise InputError(QT_TRANSLATE_NOOP("errors", "this is not a file"), candidate,
                         code="media_unreadable")
    if is_verifiable(ref):
        same = candidate.stat().st_size == ref.size_bytes and content_hash(candidate) == ref.content_hash
        if not same:
            raise ValidationError(
                QT_TRANSLATE_NOOP("errors", "this is not the project's file {expected}: its content differs"),
                candidate, code="relink_mismatch", expected=ref_name(ref),
            )
    return candidate


def find_relink_candidates(ref: MediaRef, folder: Path) -> list[Path]:
    """Files in `folder` and its direct subfolders that are the referenced file, same name first.

    Within the same-name and other-name groups, files in `folder` itself come before those one level down.
    For a reference without a hash only files with the same name are offered (nothing else can be checked).
    """
    folder = Path(folder)
    name = ref_name(ref)
    found: dict[Path, tuple[bool, int, str]] = {}
    for depth, directory in _folders(folder):
        for entry in _files(directory):
            if not is_verifiable(ref) and entry.name != name:
                continue
            if not matches(ref, entry):
                continue
            key = entry.resolve()
            if key not in found:
                found[key] = (entry.name != name, depth, str(entry))
    return sorted(found, key=found.__getitem__)


def _folders(folder: Path) -> list[tuple[int, Path]]:
    result = [(0, folder)]
    try:
        subfolders = sorted(p for p in folder.iterdir() if p.is_dir())
    except OSError:
        return result
    result.extend((1, sub) for sub in subfolders)
    return result


def _files(directory: Path) -> list[Path]:
    try:
        return sorted(p for p in directory.iterdir() if p.is_file())
    except OSError:
        return []
