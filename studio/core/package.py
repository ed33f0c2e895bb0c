"""The package: reading, verifying and writing the zip (`studio pack`, in studio/jobs/pack.py, writes with it).

A package is one zip (docs/architecture.md, "Files and state"): `manifest.json` (resources/schema/
manifest.schema.json), the video, the cover and the product images, media STORED, the sha256 and size of
every member in the manifest. Reading trusts nothing in the file: it parses the end records itself (ZIP64
too) and trusts no count in them, refuses bytes before or after the zip, caps the central directory's size
and then counts its entries by walking it, all before `zipfile` reads the directory; checks every entry's name,
type (no symlinks), sizes, compression ratio and local header (offsets and sizes, so overlapping entries
are caught even on Pythons without the CVE-2024-0450 fix, docs/media.md), reads `manifest.json` first
with a bounded read, and then reads only the members the manifest names. The whole-file sha256 and the
stored members' sha256 are computed in ONE sequential pass over the file. Nothing is ever extracted.

Holds: `Limits`, `read_package`, `verify_package` (`VerifyReport`, the pinned `studio verify --json`
shape), `check_manifest` (the manifest against its JSON Schema, by jsonschema) and `write_package` (atomic,
STORED, streaming sha256).
Must not hold: exporting or packing a project (`studio pack` builds on `write_package`), Qt, network.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import re
import struct
import zipfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from jsonschema.protocols import Validator

from studio.core import json_input, json_schema, paths
from studio.core.atomic_file import atomic_writer
from studio.core.cancel import CancelToken, Progress, check
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, ValidationError
from studio.core.location_scan import find_location
from studio.core.popup_product import CatalogView
from studio.core.popup_rules import check_popups
from studio.core.problems import Problem, Severity
from studio.core.product import Product
from studio.core.project import Popup

MANIFEST = "manifest.json"
SUFFIX = ".gcpkg"
"""A package file's name ends so (a `.zip` is read as well: a package is one zip)."""
FORMAT = "good-circle-package"
SCHEMA_VERSION = 2
"""The manifest layout this app writes: 2 added a popup's price range and chosen variant (`snapshot`'s
`price_high_cents` and `variant`); version 1 packages read as they are (neither, i.e. one price, the whole
product)."""
CHUNK = 1 << 20
WRITE_CHUNK = 4 << 20
"""Read size of the two hashing loops (writer, one-pass checker), each of which hashes on two threads."""
_EOCD = b"PK\x05\x06"
_LOCAL = b"PK\x03\x04"
_S_IFMT, _S_IFLNK, _S_IFDIR = 0o170000, 0o120000, 0o040000



TEMPLATES: dict[str, str] = {
    "unreadable": QT_TRANSLATE_NOOP("errors", "cannot read the package: {reason}"),
    "not_a_zip": QT_TRANSLATE_NOOP("errors", "the file is not a package (not a zip file)"),
    "truncated_zip": QT_TRANSLATE_NOOP("errors", "the package is truncated: {detail}"),
    "bad_zip": QT_TRANSLATE_NOOP("errors", "the package's zip structure is damaged: {detail}"),
    "too_many_members": QT_TRANSLATE_NOOP("errors", "the package holds {count} members; at most {limit} are allowed"),
    "directory_too_large": QT_TRANSLATE_NOOP(
        "errors", "the package's zip directory is {size} bytes; at most {limit} are allowed (too many members or "
                  "too long names)"),
    "bytes_before_zip": QT_TRANSLATE_NOOP("errors", "the package has {count} bytes before the zip's first member"),
    "bytes_after_zip": QT_TRANSLATE_NOOP("errors", "the package has {count} bytes after the end of the zip"),
    "absolute_name": QT_TRANSLATE_NOOP("errors", "member {name} has an absolute name"),
    "path_traversal": QT_TRANSLATE_NOOP("errors", "member {name} points outside the package (\"..\" in its name)"),
    "bad_name": QT_TRANSLATE_NOOP("errors", "member {name} has a name that is not allowed ({reason})"),
    "symlink_member": QT_TRANSLATE_NOOP("errors", "member {name} is a symbolic link"),
    "directory_member": QT_TRANSLATE_NOOP("errors", "member {name} is a folder entry"),
    "duplicate_member": QT_TRANSLATE_NOOP("errors", "member {name} appears {count} times"),
    "encrypted_member": QT_TRANSLATE_NOOP("errors", "member {name} is encrypted"),
    "unsupported_compression": QT_TRANSLATE_NOOP("errors", "member {name} uses compression method {method}"),
    "member_too_large": QT_TRANSLATE_NOOP("errors", "member {name} is {size} bytes; at most {limit} are allowed"),
    "total_too_large": QT_TRANSLATE_NOOP("errors", "the members add up to {size} bytes; at most {limit} are allowed"),
    "compression_ratio": QT_TRANSLATE_NOOP(
        "errors", "member {name} expands {ratio} times when unpacked (a zip bomb?); at most {limit} "
                  "is allowed"),
    "bad_local_header": QT_TRANSLATE_NOOP("errors", "member {name} has no valid local header at offset {offset}"),
    "header_mismatch": QT_TRANSLATE_NOOP("errors", "member {name} is called {local} in its local header"),
    "overlapping_members": QT_TRANSLATE_NOOP("errors", "member {name} overlaps {other} in the file"),
    "member_beyond_end": QT_TRANSLATE_NOOP("errors", "member {name} runs past the end of the file"),
    "size_mismatch": QT_TRANSLATE_NOOP("errors", "member {name} is {actual} bytes, but {declared} are declared"),
    "member_corrupt": QT_TRANSLATE_NOOP("errors", "member {name} cannot be read: {detail}"),
    "no_manifest": QT_TRANSLATE_NOOP("errors", "the package has no manifest.json"),
    "manifest_not_json": QT_TRANSLATE_NOOP("errors", "manifest.json is not valid UTF-8 JSON: {detail}"),
    "manifest_too_new": QT_TRANSLATE_NOOP(
        "errors", "the package was made by a newer version of the app (schema_version {version})"),
    "manifest_schema": QT_TRANSLATE_NOOP("errors", "manifest.json: {pointer}: {reason}"),
    "member_missing": QT_TRANSLATE_NOOP("errors", "member {name} is named in the manifest but not in the package"),
    "checksum_mismatch": QT_TRANSLATE_NOOP(
        "errors", "member {name} does not match its sha256 (the file was changed or damaged)"),
    "missing_reference": QT_TRANSLATE_NOOP("errors", "{what} {name} is not listed among the manifest's members"),
    "unlisted_member": QT_TRANSLATE_NOOP("errors", "member {name} is not named in the manifest and was not read"),
    "member_has_location": QT_TRANSLATE_NOOP(
        "errors", "member {name} still carries a location ({what}); images must be written without it, and a "
                  "video keeps it only when the creator chose to"),
    "member_not_stored": QT_TRANSLATE_NOOP("errors", "member {name} is compressed; media are stored uncompressed"),
}
"""Every package sentence, by code (the popup rules' sentences are in `popup_rules.TEMPLATES`)."""


@dataclass(frozen=True)
class Limits:
    """Caps the reader enforces before it reads a byte of any member."""

    max_members: int = 1000
    max_directory_bytes: int = 1_000_000
    """The zip's central directory (its member list) is read only when it is at most this size."""
    max_member_bytes: int = 600_000_000
    max_total_bytes: int = 800_000_000
    max_manifest_bytes: int = 1_000_000
    max_ratio: int = 100
    """Uncompressed/compressed size for deflated members larger than `ratio_floor_bytes`."""
    ratio_floor_bytes: int = 1_000_000


Finding = Problem
"""One problem of a package: `path` says where (a member or a manifest pointer)."""


def _finding(code: str, path: str, severity: Severity = "error", **values: Any) -> Finding:
    return Problem(code, TEMPLATES[code], values, severity, path)


@dataclass(frozen=True)
class MemberEntry:
    """A member the manifest names, with where its bytes are in the file (stored members)."""

    path: str
    size: int
    sha256: str
    compressed: bool
    data_offset: int


@dataclass
class Package:
    """A package that passed every check: its manifest and members; read members with `read_member`."""

    path: Path
    sha256: str
    manifest: dict[str, Any]
    members: dict[str, MemberEntry]
    warnings: list[Finding]

    def read_member(self, name: str) -> bytes:
        """The bytes of member `name` (named by the manifest), checked against its sha256 again."""
        entry = self.members[name]
        with self.path.open("rb") as fh:
            if entry.compressed:
                with zipfile.ZipFile(fh) as zf, zf.open(name) as src:
                    data = src.read(entry.size + 1)
            else:
                fh.seek(entry.data_offset)
                data = fh.read(entry.size)
        if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
            raise ValidationError(TEMPLATES["checksum_mismatch"], self.path, code="checksum_mismatch", name=name)
        return data

    def extract_member(self, name: str, dest: Path, *, cancel: CancelToken | None = None) -> Path:
        """Copy member `name` to the file `dest` in chunks (a video never sits in memory), checking its sha256
        again; a failed or cancelled copy leaves no file."""
        entry = self.members[name]
        digest = hashlib.sha256()
        try:
            with self.path.open("rb") as fh, dest.open("wb") as out:
                if entry.compressed:
                    zf = zipfile.ZipFile(fh)
                    src: BinaryIO = zf.open(name)  # type: ignore[assignment]  # a ZipExtFile reads as BinaryIO, typeshed has it as IO[bytes]
                else:
                    fh.seek(entry.data_offset)
                    src = fh
                left = entry.size
                while left > 0:
                    check(cancel, str(self.path))
                    chunk = src.read(min(CHUNK, left))
                    if not chunk:
                        break
                    digest.update(chunk)
                    out.write(chunk)
                    left -= len(chunk)
            if left != 0 or digest.hexdigest() != entry.sha256:
                raise ValidationError(TEMPLATES["checksum_mismatch"], self.path, code="checksum_mismatch", name=name)
        except BaseException:
            dest.unlink(missing_ok=True)
            raise
        return dest


@dataclass
class VerifyReport:
    """`studio verify --json`: `{valid, sha256, problems: [{path, code, message, severity}]}` (docs/cli.md)."""

    valid: bool
    sha256: str
    problems: list[Finding]

    def to_json(self) -> dict[str, Any]:
        return {"valid": self.valid, "sha256": self.sha256, "problems": [p.to_json() for p in self.problems]}


# -- the manifest's schema ------------------------------------------------------------------------------------

@cache
def manifest_schema() -> dict[str, Any]:
    """resources/schema/manifest.schema.json."""
    schema: dict[str, Any] = json.loads(
        (paths.resources_dir() / "schema" / "manifest.schema.json").read_text(encoding="utf-8"))
    return schema


@cache
def _manifest_validator() -> Validator:
    """The schema's validator; an "integer" must be written without a fraction (1.0 is refused), because the
    times and sizes it holds are used as whole numbers."""
    return json_schema.validator(manifest_schema(), whole_integers=True)


def _pointer(parts: Iterable[str | int]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def check_manifest(manifest: Any) -> list[Finding]:
    """The manifest against resources/schema/manifest.schema.json (jsonschema, Draft 2020-12), as
    `manifest_schema` findings, one per broken keyword, in document order."""
    if isinstance(manifest, dict) and isinstance(manifest.get("schema_version"), int) \
            and manifest["schema_version"] > SCHEMA_VERSION:
        return [_finding("manifest_too_new", MANIFEST, version=manifest["schema_version"])]
    try:
        json_input.check(manifest)
    except json_input.JsonInputError as exc:
        return [_finding("manifest_schema", f"{MANIFEST}#{exc.pointer}", pointer=exc.pointer or "/",
                         reason=exc.reason)]
    errors = sorted(_manifest_validator().iter_errors(manifest), key=lambda e: [str(p) for p in e.absolute_path])
    return [_finding("manifest_schema", f"{MANIFEST}#{_pointer(e.absolute_path)}",
                     pointer=_pointer(e.absolute_path) or "/", reason=e.message[:200]) for e in errors]


# -- reading ----------------------------------------------------------------------------------------------------

@dataclass
class _Entry:
    info: zipfile.ZipInfo
    data_start: int = 0
    data_end: int = 0
    bad: bool = False


def _name_problem(name: str) -> Finding | None:
    if "\x00" in name:
        return _finding("bad_name", name, name=repr(name), reason="NUL")
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return _finding("absolute_name", name, name=name)
    parts = re.split(r"[/\\]", name)
    if ".." in parts:
        return _finding("path_traversal", name, name=name)
    if "\\" in name:
        return _finding("bad_name", name, name=name, reason="backslash")
    if "." in parts or "" in parts[:-1] or len(name) > 255:
        return _finding("bad_name", name, name=name, reason="empty or '.' part, or too long")
    return None


@dataclass(frozen=True)
class _Directory:
    """Where the central directory is, from the end records, and what lies around the zip."""

    cd_offset: int
    cd_size: int
    end: int
    """Where the directory must end: the ZIP64 end record, else the end record."""
    trailing: int
    """Bytes after the end record (and its comment)."""


_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_END = b"PK\x06\x06"
_CENTRAL = b"PK\x01\x02"


def _end_record(fh: BinaryIO, size: int) -> _Directory:
    """The directory's place from the end-of-central-directory record (and the ZIP64 one when present). No count
    in them is used: the directory is measured by its bytes and walked (`_count_entries`)."""
    tail_len = min(size, 22 + 65535)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    pos = tail.rfind(_EOCD)
    while pos >= 0 and len(tail) - pos < 22:
        pos = tail.rfind(_EOCD, 0, pos)
    if pos < 0:
        fh.seek(0)
        if fh.read(4) == _LOCAL:
            raise _Fatal(_finding("truncated_zip", "", detail="the end of the zip directory is missing"))
        raise _Fatal(_finding("not_a_zip", ""))
    _, _, _, _, cd_size, cd_offset, comment_len = struct.unpack("<4HIIH", tail[pos + 4:pos + 22])
    eocd = size - tail_len + pos
    trailing = max(0, size - (eocd + 22 + comment_len))
    end = eocd
    if eocd >= 20:
        fh.seek(eocd - 20)
        locator = fh.read(20)
        if locator[:4] == _ZIP64_LOCATOR:
            record_at = struct.unpack("<Q", locator[8:16])[0]
            fh.seek(record_at)
            record = fh.read(56) if record_at < eocd - 20 else b""
            if len(record) < 56 or record[:4] != _ZIP64_END:
                raise _Fatal(_finding("bad_zip", "", detail="the ZIP64 end record is missing"))
            cd_size, cd_offset = struct.unpack("<QQ", record[40:56])
            end = record_at
    if cd_offset + cd_size > end:
        raise _Fatal(_finding("truncated_zip", "", detail="the zip directory runs past the end of the file"))
    return _Directory(cd_offset, cd_size, end, trailing)


def _count_entries(fh: BinaryIO, directory: _Directory) -> int:
    """How many entries the directory really holds, walked from its bytes (never from a count); `_Fatal` when
    the walk does not end exactly at the directory's end."""
    fh.seek(directory.cd_offset)
    data = fh.read(directory.cd_size)
    pos = count = 0
    while pos < len(data):
        if data[pos:pos + 4] != _CENTRAL or pos + 46 > len(data):
            raise _Fatal(_finding("bad_zip", "", detail=f"no directory entry at byte {directory.cd_offset + pos}"))
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[pos + 28:pos + 34])
        pos += 46 + name_len + extra_len + comment_len
        count += 1
    if pos != len(data):
        raise _Fatal(_finding("bad_zip", "", detail="the last directory entry runs past the directory"))
    return count


def _structure_findings(fh: BinaryIO, size: int, limits: Limits) -> list[Finding]:
    """What makes the zip's shape unacceptable before a member is looked at: stray bytes around the zip, a
    directory too large to read, too many entries. Reads at most `limits.max_directory_bytes` of the file."""
    directory = _end_record(fh, size)
    if directory.trailing:
        return [_finding("bytes_after_zip", "", count=directory.trailing)]
    gap = directory.end - (directory.cd_offset + directory.cd_size)
    fh.seek(0)
    if gap or (directory.cd_offset and fh.read(4) != _LOCAL):
        return [_finding("bytes_before_zip", "", count=gap or directory.cd_offset)]
    if directory.cd_size > limits.max_directory_bytes:
        return [_finding("directory_too_large", "", size=directory.cd_size, limit=limits.max_directory_bytes)]
    count = _count_entries(fh, directory)
    if count > limits.max_members:
        return [_finding("too_many_members", "", count=count, limit=limits.max_members)]
    return []


class _Fatal(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.code)
        self.finding = finding


_UNREADABLE_CODES = frozenset({"unreadable", "not_a_zip", "truncated_zip", "bad_zip"})
"""Findings that make the file unreadable as a package (InputError, exit 2) rather than invalid."""


def _check_entries(fh: BinaryIO, zf: zipfile.ZipFile, size: int, cd_offset: int, limits: Limits) -> tuple[
        dict[str, _Entry], list[Finding]]:
    findings: list[Finding] = []
    entries: dict[str, _Entry] = {}
    every: list[_Entry] = []
    counts: dict[str, int] = {}
    total = 0
    for info in zf.infolist():
        name = info.filename
        counts[name] = counts.get(name, 0) + 1
        entry = _Entry(info)
        every.append(entry)
        problem = _name_problem(name)
        mode = info.external_attr >> 16
        if problem is None and info.create_system == 3 and mode & _S_IFMT == _S_IFLNK:
            problem = _finding("symlink_member", name, name=name)
        if problem is None and (name.endswith("/") or (info.create_system == 3 and mode & _S_IFMT == _S_IFDIR)):
            problem = _finding("directory_member", name, name=name)
        if problem is None and info.flag_bits & 1:
            problem = _finding("encrypted_member", name, name=name)
        if problem is None and info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problem = _finding("unsupported_compression", name, name=name, method=info.compress_type)
        if problem is None and info.file_size > limits.max_member_bytes:
            problem = _finding("member_too_large", name, name=name, size=info.file_size,
                               limit=limits.max_member_bytes)
        if problem is None and info.compress_type == zipfile.ZIP_DEFLATED \
                and info.file_size > limits.ratio_floor_bytes \
                and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            problem = _finding("compression_ratio", name, name=name,
                               ratio=info.file_size // max(info.compress_size, 1), limit=limits.max_ratio)
        if problem is None and info.compress_type == zipfile.ZIP_STORED and info.file_size != info.compress_size:
            problem = _finding("size_mismatch", name, name=name, actual=info.compress_size, declared=info.file_size)
        if problem is None:
            problem = _local_header(fh, entry, size, cd_offset)
        if problem is not None:
            findings.append(problem)
            entry.bad = True
        total += info.file_size
        if name not in entries:
            entries[name] = entry
        else:
            entries[name].bad = True
    for name, count in counts.items():
        if count > 1:
            findings.append(_finding("duplicate_member", name, name=name, count=count))
    if total > limits.max_total_bytes:
        findings.append(_finding("total_too_large", "", size=total, limit=limits.max_total_bytes))
    ordered = sorted((e for e in every if e.data_end), key=lambda e: e.info.header_offset)
    for before, after in itertools.pairwise(ordered):
        if after.info.header_offset < before.data_end:
            findings.append(_finding("overlapping_members", after.info.filename, name=after.info.filename,
                                     other=before.info.filename))
            before.bad = after.bad = True
    return entries, findings


def _local_header(fh: BinaryIO, entry: _Entry, size: int, cd_offset: int) -> Finding | None:
    info = entry.info
    name = info.filename
    fh.seek(info.header_offset)
    head = fh.read(30)
    if len(head) < 30 or head[:4] != _LOCAL:
        return _finding("bad_local_header", name, name=name, offset=info.header_offset)
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    raw = fh.read(name_len)
    local = raw.decode("utf-8" if info.flag_bits & 0x800 else "cp437", errors="replace")
    if local != info.orig_filename:
        return _finding("header_mismatch", name, name=name, local=local)
    entry.data_start = info.header_offset + 30 + name_len + extra_len
    entry.data_end = entry.data_start + info.compress_size
    if entry.data_end > size:
        return _finding("member_beyond_end", name, name=name)
    if entry.data_end > cd_offset:
        return _finding("overlapping_members", name, name=name, other="the zip directory")
    return None


def _read_manifest(zf: zipfile.ZipFile, entry: _Entry, limits: Limits) -> Any:
    if entry.info.file_size > limits.max_manifest_bytes:
        raise _Fatal(_finding("member_too_large", MANIFEST, name=MANIFEST, size=entry.info.file_size,
                              limit=limits.max_manifest_bytes))
    try:
        with zf.open(entry.info) as src:
            data = src.read(entry.info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise _Fatal(_finding("member_corrupt", MANIFEST, name=MANIFEST, detail=str(exc))) from None
    if len(data) != entry.info.file_size:
        raise _Fatal(_finding("size_mismatch", MANIFEST, name=MANIFEST, actual=len(data),
                              declared=entry.info.file_size))
    try:
        return json_input.loads(data)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _Fatal(_finding("manifest_not_json", MANIFEST, detail=str(exc))) from None


def _references(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    refs = [("the video", manifest["video"]["path"])]
    if manifest.get("cover"):
        refs.append(("the cover", manifest["cover"]["path"]))
    for index, popup in enumerate(manifest["popups"]):
        image = popup["snapshot"].get("image")
        if image:
            refs.append((f"the image of popup {index}", image))
    return refs


def manifest_popups(manifest: dict[str, Any]) -> list[Popup]:
    """The manifest's popups as `Popup`s on the output timeline (what the rules check; `studio pack` too), each
    snapshot with the popup's applet target under `applet`, as a project popup's snapshot keeps it."""
    result = []
    for item in manifest["popups"]:
        snapshot = {**item["snapshot"], "applet": dict(item["applet"])}  # the target the rules check
        variant = item["snapshot"].get("variant")
        result.append(Popup(id=item["id"], sku=item["sku"], variant_sku=variant["sku"] if variant else "",
                            start_ms=item["start_ms"], end_ms=item["end_ms"],
                            anchor_x=item["anchor"]["x"], anchor_y=item["anchor"]["y"], style=item["style"],
                            label=item["label"], snapshot=snapshot))
    return result


def _inspect(path: Path, limits: Limits, catalog: CatalogView, now: datetime | None,
             sinks: Callable[[list[MemberEntry]], dict[str, BinaryIO]] | None = None,
             ) -> tuple[str, list[Finding], dict[str, Any] | None, dict[str, MemberEntry]]:
    """(file sha256, findings, manifest, members) — raises `_Fatal` when the zip cannot be read at all.

    `sinks(stored members)` may name files that stored members' bytes are copied into during the one pass
    that checks them (the reviewer's extraction); the caller discards them when the findings say so."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise _Fatal(_finding("unreadable", str(path), reason=exc.strerror or str(exc))) from None
    with fh:
        size = os.fstat(fh.fileno()).st_size
        refused = _structure_findings(fh, size, limits)
        if refused:
            return _whole_sha256(fh), refused, None, {}
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise _Fatal(_finding("bad_zip", "", detail=str(exc))) from None
        with zf:
            entries, findings = _check_entries(fh, zf, size, zf.start_dir, limits)
            manifest_entry = entries.get(MANIFEST)
            if manifest_entry is None:
                return _whole_sha256(fh), [*findings, _finding("no_manifest", MANIFEST)], None, {}
            if manifest_entry.bad:
                return _whole_sha256(fh), findings, None, {}
            try:
                manifest = _read_manifest(zf, manifest_entry, limits)
            except _Fatal as fatal:
                return _whole_sha256(fh), [*findings, fatal.finding], None, {}
            schema = check_manifest(manifest)
            if schema:
                return _whole_sha256(fh), [*findings, *schema], None, {}
            members, more = _check_members(fh, zf, manifest, entries, limits)
            findings += more
            listed = {m["path"] for m in manifest["members"]}
            for what, name in _references(manifest):
                if name not in listed:
                    findings.append(_finding("missing_reference", f"{MANIFEST}", what=what, name=name))
            for name, entry in entries.items():
                if name != MANIFEST and name not in listed and not entry.bad:
                    findings.append(_finding("unlisted_member", name, "warning", name=name))
            stored = [m for m in members.values() if not m.compressed]
            whole, hashes = _one_pass(fh, size, stored, sinks(stored) if sinks else {})
            for name, digest in hashes.items():
                if digest != members[name].sha256:
                    findings.append(_finding("checksum_mismatch", name, name=name))
            findings += _location_findings(fh, stored, manifest)
            for problem in check_popups(manifest_popups(manifest), duration_ms=manifest["video"]["duration_ms"],
                                        trim=None, catalog_lookup=catalog.lookup, now=now,
                                        max_visible=manifest["max_visible"], soft_catalog=catalog.soft,
                                        path_prefix=f"{MANIFEST}#/popups", applet_known=catalog.applet_known):
                findings.append(replace(problem, path=problem.path or MANIFEST))  # keeps the popup's id
            return whole, findings, manifest, members


class _MemberView(io.RawIOBase):
    """A read-only window on one stored member's bytes inside the package file."""

    def __init__(self, fh: BinaryIO, offset: int, size: int) -> None:
        super().__init__()
        self._fh, self._offset, self._size, self._pos = fh, offset, size, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, pos: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        self._pos = min(max(0, base + pos), self._size)
        return self._pos

    def tell(self) -> int:
        return self._pos

    def read(self, n: int = -1) -> bytes:
        n = self._size - self._pos if n is None or n < 0 else min(n, self._size - self._pos)
        self._fh.seek(self._offset + self._pos)
        data = self._fh.read(n)
        self._pos += len(data)
        return data


def _location_findings(fh: BinaryIO, stored: list[MemberEntry], manifest: dict[str, Any]) -> list[Finding]:
    """Members that still carry a location: an error for an image, a warning for the video (an opt-in)."""
    video = manifest.get("video", {}).get("path")
    findings = []
    for member in stored:
        what = find_location(_MemberView(fh, member.data_offset, member.size), member.size)  # type: ignore[arg-type]  # a RawIOBase window, read as BinaryIO
        if what is not None:
            severity: Severity = "warning" if member.path == video else "error"
            findings.append(_finding("member_has_location", member.path, severity, name=member.path, what=what))
    return findings


def _check_members(fh: BinaryIO, zf: zipfile.ZipFile, manifest: dict[str, Any], entries: dict[str, _Entry],
                   limits: Limits) -> tuple[dict[str, MemberEntry], list[Finding]]:
    findings: list[Finding] = []
    members: dict[str, MemberEntry] = {}
    for item in manifest["members"]:
        name = item["path"]
        entry = entries.get(name)
        if name == MANIFEST or name in members:
            findings.append(_finding("duplicate_member", name, name=name, count=2))
            continue
        if entry is None:
            findings.append(_finding("member_missing", name, name=name))
            continue
        if entry.bad:
            continue  # its own finding says why; never read it
        if entry.info.file_size != item["size"]:
            findings.append(_finding("size_mismatch", name, name=name, actual=entry.info.file_size,
                                     declared=item["size"]))
            continue
        compressed = entry.info.compress_type != zipfile.ZIP_STORED
        member = MemberEntry(name, item["size"], item["sha256"], compressed, entry.data_start)
        members[name] = member
        if compressed:
            findings.append(_finding("member_not_stored", name, "warning", name=name))
            digest = hashlib.sha256()
            read = 0
            try:
                with zf.open(entry.info) as src:
                    while chunk := src.read(min(CHUNK, entry.info.file_size + 1 - read)):
                        read += len(chunk)
                        digest.update(chunk)
                        if read > entry.info.file_size:
                            break
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                findings.append(_finding("member_corrupt", name, name=name, detail=str(exc)))
                continue
            if read != entry.info.file_size:
                findings.append(_finding("size_mismatch", name, name=name, actual=read, declared=entry.info.file_size))
            elif digest.hexdigest() != member.sha256:
                findings.append(_finding("checksum_mismatch", name, name=name))
    return members, findings


def _whole_sha256(fh: BinaryIO) -> str:
    return _one_pass(fh, None, [])[0]


def _one_pass(fh: BinaryIO, size: int | None, stored: list[MemberEntry],
              sinks: Mapping[str, BinaryIO] | None = None) -> tuple[str, dict[str, str]]:
    """The sha256 of the whole file and of each stored member's bytes, from one sequential read; the bytes of
    the members named in `sinks` are written there as they are hashed.

    The whole file's hash runs on a second thread while this one hashes the members (hashlib releases the
    GIL), so checking a package costs about one sha256 over it, not two.
    """
    whole = hashlib.sha256()
    hashers = {m.path: hashlib.sha256() for m in stored}
    sinks = sinks or {}
    ranges = sorted((m.data_offset, m.data_offset + m.size, m.path) for m in stored)
    fh.seek(0)
    pos = 0
    view_buf = bytearray(WRITE_CHUNK)
    with ThreadPoolExecutor(1) as pool:
        while True:
            n = fh.readinto(view_buf)  # type: ignore[attr-defined]  # every file opened "rb" has it; BinaryIO does not say so
            if not n:
                break
            chunk = memoryview(view_buf)[:n]
            hashed = pool.submit(whole.update, chunk)
            end = pos + n
            for start, stop, name in ranges:
                if start < end and stop > pos:
                    part = chunk[max(start, pos) - pos:min(stop, end) - pos]
                    hashers[name].update(part)
                    if name in sinks:
                        sinks[name].write(part)
            hashed.result()  # before the buffer is read into again
            pos = end
    return whole.hexdigest(), {name: h.hexdigest() for name, h in hashers.items()}


def verify_package(path: str | os.PathLike[str], *, catalog_lookup: Callable[[str], Product | None] | None = None,
                   now: datetime | None = None, limits: Limits | None = None,
                   catalog: CatalogView | None = None) -> VerifyReport:
    """Every check on the package at `path`: zip structure, schema, checksums and sizes, and the popup rules.

    Checks that need the catalog (withdrawn product, price changed, each popup's applet page) run only with
    `catalog_lookup` (or `catalog`, which says more: see `CatalogView`); the promo check uses `now` (default:
    the current time). Offline, a withdrawn product and an ended promo are warnings (docs/cli.md); a popup that
    opens another page than its listing's is an error. Raises `InputError` when the file is missing or not a
    readable zip (exit 2).
    """
    path = Path(path)
    catalog = catalog or CatalogView(catalog_lookup)
    try:
        whole, findings, _, _ = _inspect(path, limits or Limits(), catalog, now or datetime.now(UTC))
    except _Fatal as fatal:
        raise _input_error(path, fatal.finding) from None
    return VerifyReport(valid=not any(f.severity == "error" for f in findings), sha256=whole, problems=findings)


def open_verified(path: str | os.PathLike[str], *, catalog_lookup: Callable[[str], Product | None] | None = None,
                  now: datetime | None = None, limits: Limits | None = None,
                  extract_to: Path | None = None) -> tuple[VerifyReport, Package | None]:
    """`verify_package` and `read_package` in one pass over the file (the reviewer opens and checks at once):
    the full report, and the package when it has no errors (else None). Raises `InputError` as they do.

    With `extract_to`, every stored member is also copied into that folder (under its member name) during
    the same pass, so what lands there is exactly the bytes that were checked; nothing is left there when the
    package has errors."""
    path = Path(path)
    opened: dict[str, tuple[BinaryIO, Path, Path]] = {}

    def sinks(stored: list[MemberEntry]) -> dict[str, BinaryIO]:
        assert extract_to is not None
        root = extract_to.resolve()
        for member in stored:
            target = (root / member.path).resolve()
            if not target.is_relative_to(root):  # the reader refuses such names already; never write outside
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".partial")
            opened[member.path] = (partial.open("wb"), partial, target)
        return {name: fh for name, (fh, _, _) in opened.items()}

    try:
        try:
            whole, findings, manifest, members = _inspect(path, limits or Limits(), CatalogView(catalog_lookup),
                                                          now or datetime.now(UTC), sinks if extract_to else None)
        except _Fatal as fatal:
            raise _input_error(path, fatal.finding) from None
        finally:
            for fh, _, _ in opened.values():
                fh.close()
        report = VerifyReport(valid=not any(f.severity == "error" for f in findings), sha256=whole,
                              problems=findings)
        if not report.valid or manifest is None:
            return report, None
        for _, partial, target in opened.values():
            os.replace(partial, target)
        return report, Package(path, whole, manifest, members, [f for f in findings if f.severity == "warning"])
    finally:
        for _, partial, _ in opened.values():
            partial.unlink(missing_ok=True)


def _input_error(path: Path, finding: Finding) -> InputError:
    return InputError(finding.template, path, code=finding.code, **finding.values)


def read_package(path: str | os.PathLike[str], limits: Limits | None = None) -> Package:
    """Open a package for use: every structural check of `verify_package` (not the catalog or the clock).

    Raises `InputError` for an unreadable file and `ValidationError` (code and message of the first problem;
    all of them in `.problems`) for an invalid one.
    """
    path = Path(path)
    try:
        whole, findings, manifest, members = _inspect(path, limits or Limits(), CatalogView(), None)
    except _Fatal as fatal:
        raise _input_error(path, fatal.finding) from None
    errors = [f for f in findings if f.severity == "error"]
    if errors or manifest is None:
        first = errors[0]
        error = ValidationError(first.template, path, code=first.code, **first.values)
        error.problems = errors
        raise error
    return Package(path, whole, manifest, members, [f for f in findings if f.severity == "warning"])


# -- writing ----------------------------------------------------------------------------------------------------

def write_package(path: str | os.PathLike[str], manifest: Mapping[str, Any],
                  members: Mapping[str, bytes | os.PathLike[str]], *, progress: Progress | None = None,
                  cancel: CancelToken | None = None) -> dict[str, Any]:
    """Write a package atomically: each member STORED with its sha256 and size computed while it is written,
    then `manifest.json` (a copy of `manifest` with `members` filled in), listed first in the zip directory.

    Returns the manifest as written. Member names are checked as the reader checks them. `progress(done,
    total)` counts member bytes; `cancel` stops between chunks and leaves nothing behind.
    """
    path = Path(path)
    for name in members:
        problem = _name_problem(name)
        if problem is not None or name == MANIFEST:
            raise ValueError(f"bad member name {name!r}")
    written = dict(manifest)
    total = sum(len(s) if isinstance(s, bytes | bytearray) else os.path.getsize(s) for s in members.values())
    counter = _Counter(total, progress, cancel, str(path))
    with atomic_writer(path) as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED) as zf:
        listed = []
        for name, source in members.items():
            listed.append(_write_member(zf, name, source, counter))
        written["members"] = listed
        data = json.dumps(written, ensure_ascii=False, indent=1).encode("utf-8")
        zf.writestr(_zip_info(MANIFEST), data)
        zf.filelist.sort(key=lambda i: i.filename != MANIFEST)
    return written


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3
    info.external_attr = (0o100644 << 16)
    return info


class _Counter:
    """Member bytes written so far: reports progress and checks the cancel token after each chunk."""

    def __init__(self, total: int, progress: Progress | None, cancel: CancelToken | None, path: str) -> None:
        self.done, self.total, self.progress, self.cancel, self.path = 0, total, progress, cancel, path

    def add(self, count: int) -> None:
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)
        check(self.cancel, self.path)


def _write_member(zf: zipfile.ZipFile, name: str, source: bytes | os.PathLike[str],
                  counter: _Counter) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    info = _zip_info(name)
    if isinstance(source, bytes | bytearray):
        info.file_size = len(source)
        with zf.open(info, "w") as dst:
            dst.write(source)
        digest.update(source)
        size = len(source)
        counter.add(size)
    else:
        with Path(source).open("rb") as src, ThreadPoolExecutor(1) as hasher:
            info.file_size = os.fstat(src.fileno()).st_size
            with zf.open(info, "w", force_zip64=info.file_size >= 0x7FFFFFFF) as dst:
                hashed: Future[None] | None = None
                while chunk := src.read(WRITE_CHUNK):
                    if hashed is not None:
                        hashed.result()
                    hashed = hasher.submit(digest.update, chunk)  # sha256 beside zipfile's CRC and the write
                    dst.write(chunk)
                    size += len(chunk)
                    counter.add(len(chunk))
                if hashed is not None:
                    hashed.result()
    return {"path": name, "sha256": digest.hexdigest(), "size": size}
