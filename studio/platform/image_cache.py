"""Listing images: merchants send each listing's pictures to the platform, and creators keep a local copy of
them for offline use (`PUT`/`GET /v1/listings/{sku}/images/{n}` in docs/platform.md).

Holds: `push_listing_images` (the merchant's side: one `PUT` per picture, the first is the main one, each
checked and cleaned of its metadata by `core.listing_image` first),
`ImageCache` (the creator's side: files under the cache folder in STUDIO_HOME, an SQLite index of URL, file,
size, ETag and when each was last used, capped in bytes: the least recently used go first), `prefetch_catalog`
(fetch every cached listing's main image after a catalog sync; an unchanged one costs a 304) and
`local_image` (what the catalog, the popup card, pack and the product finder call to read a listing's image:
the local file for a platform URL that is cached, else the source unchanged).
Must not hold: Qt, the catalog's schema (core/catalog.py), credentials.

"Last used" is a counter, not a clock, so the order is exact however fast the calls come. Each thread opens
its own `ImageCache` (SQLite connections stay on their thread); WAL and a busy timeout let them share it.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core import paths
from studio.core.cancel import CancelToken, Progress, check
from studio.core.catalog import Catalog
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, PlatformError
from studio.core.listing_image import ListingImage, prepare_listing_image
from studio.core.merchant_listing import IMAGE_MAX_BYTES
from studio.core.sqlite_store import open_database
from studio.media.image_info import measure_image
from studio.platform.responses import ResponseRefused, check_pixels
from studio.platform.session import PlatformSession, json_of

log = logging.getLogger(__name__)

FOLDER_NAME = "listing-images"
INDEX_NAME = "index.sqlite3"
SCHEMA_VERSION = 1
DEFAULT_CAP_BYTES = 256 << 20
MAX_PLACES = 9
"""Image places per listing (0 to 8; 0 is the main image)."""
TYPES = {b"\xff\xd8\xff": ("image/jpeg", ".jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", ".png")}

T_UNREADABLE = QT_TRANSLATE_NOOP("errors", "cannot read the picture: {reason}")
T_TOO_MANY = QT_TRANSLATE_NOOP("errors", "a listing holds at most {most} pictures; {count} were given")
T_TOO_BIG = QT_TRANSLATE_NOOP("errors", "the picture ({size} bytes) is larger than the whole image cache ({cap} bytes)")
T_NOT_PICTURE = QT_TRANSLATE_NOOP("errors", "the platform's answer for {url} is not a picture")

_DDL = """
CREATE TABLE IF NOT EXISTS images (
    url TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    size INTEGER NOT NULL,
    etag TEXT,
    content_type TEXT,
    used INTEGER NOT NULL
)
"""


def image_type(data: bytes) -> tuple[str, str] | None:
    """(content type, file suffix) of a JPEG, PNG or WebP picture by its first bytes; None for anything else."""
    for magic, kind in TYPES.items():
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ("image/webp", ".webp")
    return None


# -- merchants ----------------------------------------------------------------------------------------------

def push_listing_images(session: PlatformSession, sku: str, files: Sequence[str | os.PathLike[str]], *,
                        start: int = 0, cancel: CancelToken | None = None) -> list[dict[str, Any]]:
    """Upload `files` as the pictures of listing `sku`, in places `start`, `start + 1`, … (place 0 is the main
    image). Every file is checked first (`core.listing_image`: a picture, not too big; its metadata, GPS
    included, removed), so a wrong one sends nothing. Returns the platform's answer for each (`{sku, n, url,
    content_type, sha256, size}`, plus `location_removed` when the file carried one). `PUT` is safe to repeat,
    so a failure is retried."""
    if start < 0 or start + len(files) > MAX_PLACES:
        raise InputError(T_TOO_MANY, sku, code="too_many_images", most=MAX_PLACES, count=start + len(files))
    bodies = [read_listing_image(name) for name in files]
    answers = []
    for n, (name, image) in enumerate(zip(files, bodies, strict=True), start):
        check(cancel, sku)
        response = session.request("PUT", f"/v1/listings/{sku}/images/{n}", data=image.data,
                                   headers={"Content-Type": image.content_type})
        answer = dict(json_of(response, "ListingImage"))
        if image.location:
            answer["location_removed"] = {"file": str(name), "what": image.location}
        answers.append(answer)
    return answers


def read_listing_image(name: str | os.PathLike[str]) -> ListingImage:
    """The listing picture in file `name` as it would be sent (checked and cleaned); InputError naming it."""
    path = Path(name)
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(IMAGE_MAX_BYTES + 1)  # a bigger one is refused without reading it all
    except OSError as exc:
        raise InputError(T_UNREADABLE, path, code="unreadable", reason=exc.strerror or str(exc)) from None
    return prepare_listing_image(data, path.name, size)


# -- creators' offline cache ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PrefetchResult:
    fetched: int
    unchanged: int
    failed: int
    total_bytes: int

    def to_json(self) -> dict[str, int]:
        return {"fetched": self.fetched, "unchanged": self.unchanged, "failed": self.failed,
                "total_bytes": self.total_bytes}


def is_platform_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


class ImageCache:
    """Listing images kept for offline use, at most `cap_bytes` on disk; the least recently used go first."""

    def __init__(self, folder: Path | None = None, cap_bytes: int = DEFAULT_CAP_BYTES) -> None:
        self.folder = folder or paths.cache_dir() / FOLDER_NAME
        self.folder.mkdir(parents=True, exist_ok=True)
        self.cap_bytes = cap_bytes
        self._db = open_database(self.folder / INDEX_NAME, version=SCHEMA_VERSION, ddl=[_DDL],
                                 pragmas=["journal_mode=WAL"], timeout=30, too_new_code="image_cache_too_new",
                                 too_new=QT_TRANSLATE_NOOP("errors", "the image cache was written by a newer "
                                                                     "version of the app"))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> ImageCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _row(self, url: str) -> tuple[str, int, str | None] | None:
        row = self._db.execute("SELECT file, size, etag FROM images WHERE url = ?", (url,)).fetchone()
        return (str(row[0]), int(row[1]), row[2]) if row else None

    def _touch(self, url: str) -> None:
        with self._db:
            self._db.execute("UPDATE images SET used = (SELECT COALESCE(MAX(used), 0) + 1 FROM images) WHERE url = ?",
                             (url,))

    def local_path(self, url: str) -> Path | None:
        """The cached file for `url` (marked as just used), or None when it is not here. No network."""
        row = self._row(url)
        if row is None:
            return None
        path = self.folder / row[0]
        if not path.is_file():  # removed behind our back: forget it
            with self._db:
                self._db.execute("DELETE FROM images WHERE url = ?", (url,))
            return None
        self._touch(url)
        return path

    def total_bytes(self) -> int:
        return int(self._db.execute("SELECT COALESCE(SUM(size), 0) FROM images").fetchone()[0])

    def urls(self) -> list[str]:
        """Cached URLs, least recently used first."""
        return [r[0] for r in self._db.execute("SELECT url FROM images ORDER BY used")]

    def fetch(self, session: PlatformSession, url: str) -> tuple[Path, bool]:
        """The image at `url` as a local file, asking the platform only whether it changed when it is cached
        (`If-None-Match`). Returns (path, True when new bytes were written). Raises PlatformError."""
        url = session.url(url)
        row = self._row(url)
        cached = self.folder / row[0] if row else None
        headers = {"If-None-Match": row[2]} if row and row[2] and cached and cached.is_file() else None
        response = session.request("GET", url, headers=headers, ok=(304,), kind="image")
        if response.status_code == 304 and cached is not None:
            self._touch(url)
            return cached, False
        data = response.content
        kind = image_type(data)
        if kind is None:
            raise PlatformError(T_NOT_PICTURE, url, code="bad_response", url=url)
        if len(data) > self.cap_bytes:
            raise InputError(T_TOO_BIG, url, code="image_too_big", size=len(data), cap=self.cap_bytes)
        name = hashlib.sha256(url.encode("utf-8")).hexdigest()[:40] + kind[1]
        path = self.folder / name
        temp = path.with_suffix(path.suffix + ".part")
        temp.write_bytes(data)
        try:
            facts = measure_image(temp)
            check_pixels(facts.width if facts else 0, facts.height if facts else 0, url)
        except ResponseRefused:
            temp.unlink(missing_ok=True)
            raise
        temp.replace(path)
        if cached is not None and cached != path:
            cached.unlink(missing_ok=True)
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO images (url, file, size, etag, content_type, used)"
                             " VALUES (?, ?, ?, ?, ?, (SELECT COALESCE(MAX(used), 0) + 1 FROM images))",
                             (url, name, len(data), response.headers.get("ETag"), kind[0]))
        self.evict(keep=url)
        return path, True

    def evict(self, keep: str | None = None) -> list[str]:
        """Remove the least recently used images until the cache is within its cap; returns their URLs."""
        gone: list[str] = []
        total = self.total_bytes()
        for url, file, size in self._db.execute("SELECT url, file, size FROM images ORDER BY used").fetchall():
            if total <= self.cap_bytes:
                break
            if url == keep:
                continue
            (self.folder / file).unlink(missing_ok=True)
            with self._db:
                self._db.execute("DELETE FROM images WHERE url = ?", (url,))
            total -= size
            gone.append(url)
        if gone:
            log.info("image cache: %d images removed to stay within %d bytes", len(gone), self.cap_bytes)
        return gone

    def prefetch(self, session: PlatformSession, urls: Iterable[str], *, progress: Progress | None = None,
                 cancel: CancelToken | None = None) -> PrefetchResult:
        """Fetch each of `urls` (new or changed ones only); a failure is counted and the rest go on."""
        todo = list(dict.fromkeys(u for u in urls if u))
        fetched = unchanged = failed = 0
        for done, url in enumerate(todo):
            check(cancel)
            if progress:
                progress(done, len(todo))
            try:
                _path, new = self.fetch(session, url)
            except (PlatformError, InputError) as exc:
                log.warning("image cache: %s not fetched: %s", url, exc.code)
                failed += 1
                continue
            fetched += new
            unchanged += not new
        if progress:
            progress(len(todo), len(todo))
        return PrefetchResult(fetched, unchanged, failed, self.total_bytes())


def prefetch_catalog(session: PlatformSession, catalog: Catalog | None = None, cache: ImageCache | None = None, *,
                     progress: Progress | None = None, cancel: CancelToken | None = None) -> PrefetchResult:
    """Fetch the main image of every listing in the creators' catalog cache that is on this platform (run after
    `catalog_sync.sync_catalog`), so the product finder, the popup card and pack work offline."""
    if catalog is None:
        with Catalog.open() as opened:
            return prefetch_catalog(session, opened, cache, progress=progress, cancel=cancel)
    if cache is None:
        with ImageCache() as own:
            return prefetch_catalog(session, catalog, own, progress=progress, cancel=cancel)
    urls = list(catalog.image_urls(session.server + "/"))  # the URLs only: never every listing in memory
    return cache.prefetch(session, urls, progress=progress, cancel=cancel)


def local_image(source: str, cache: ImageCache | None = None) -> str:
    """The file to read for a listing's image `source`: the cached copy of a platform URL when there is one,
    else `source` as it is (a local path, `demo:` picture, or a URL not cached: the caller's usual note)."""
    if not is_platform_url(source):
        return source
    if cache is not None:
        path = cache.local_path(source)
        return str(path) if path is not None else source
    folder = paths.cache_dir() / FOLDER_NAME
    if not (folder / INDEX_NAME).is_file():
        return source
    with ImageCache(folder) as opened:
        path = opened.local_path(source)
    return str(path) if path is not None else source
