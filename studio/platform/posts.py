"""A post's life after its upload, as the client sees it: the creator's posts, one post's status with the
reviewer's reasons and per-popup notes, withdraw, the review queue, and a reviewer's verdict sent to the
platform (docs/platform.md, "Creators" and "Reviewers").

Holds: `Post`, `PopupNote` and `PostProblem` (the contract's post object read once, tolerant of reasons given as
strings or as `{code, message}`), `list_posts`, `get_post`, `withdraw_post`, `review_queue`, `verdict_target`
(which post a package under review belongs to, found by its sha256 when it was opened from a file),
`send_verdict`.
Creating a post (also with `replaces`) is `upload.create_post`/`upload_package`'s; "fix and send again" is
`jobs.resubmit`'s.
Must not hold: Qt, credentials, printing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from studio.core.cancel import CancelToken, Progress, check
from studio.core.display_text import clean_text, one_line
from studio.core.errors import QT_TRANSLATE_NOOP, PlatformError
from studio.core.review import ReviewReport
from studio.core.safe_names import file_in
from studio.platform.responses import PageCounter, stream_body
from studio.platform.session import PlatformSession, body_deadline, json_of

POSTS_PATH = "/v1/posts"
QUEUE_PATH = "/v1/review/queue"
STATUSES = ("processing", "in_review", "approved", "rejected", "withdrawn", "replaced")
WAITING = ("processing", "in_review")
"""Statuses a verdict may still change: worth polling."""
WITHDRAWABLE = ("processing", "in_review", "approved", "rejected")

T_BAD_POST = QT_TRANSLATE_NOOP("errors", "the platform's answer is not the post the contract describes")
T_BAD_DOWNLOAD = QT_TRANSLATE_NOOP(
    "errors", "the package of post {post_id} did not arrive whole (its sha256 differs); download it again")


@dataclass(frozen=True)
class PopupNote:
    """A reviewer's note on one popup of the package (its `id` in the manifest and in the project)."""

    popup_id: str
    note: str


@dataclass(frozen=True)
class PostProblem:
    """A rule one of the post's popups breaks against the listings as they are now (the platform checks its live
    posts again when a merchant changes a listing): `values` fill the rule's template (`core.popup_product`)."""

    popup_id: str
    code: str
    message: str
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Post:
    """`GET /v1/posts/{id}` as the app uses it."""

    post_id: str
    status: str
    title: str = ""
    reasons: tuple[str, ...] = ()
    notes: str = ""
    popup_notes: tuple[PopupNote, ...] = ()
    replaces: str | None = None
    replaced_by: str | None = None
    sha256: str = ""
    created_at: str = ""
    updated_at: str = ""
    problems: tuple[PostProblem, ...] = ()

    @property
    def shown_id(self) -> str:
        """The id as a label or a terminal may show it (the id itself is kept exactly as the server sent it)."""
        return one_line(self.post_id)

    @property
    def waiting(self) -> bool:
        """A verdict may still change the status."""
        return self.status in WAITING

    @property
    def can_withdraw(self) -> bool:
        return self.status in WITHDRAWABLE

    @property
    def can_resubmit(self) -> bool:
        """A rejected post is fixed and sent again as a new post that replaces it."""
        return self.status == "rejected"

    @classmethod
    def from_json(cls, data: Any, where: str = "") -> Post:
        """The post in a platform answer; PlatformError when it names no post."""
        if not isinstance(data, Mapping):
            raise PlatformError(T_BAD_POST, where, code="bad_response")
        post_id = data.get("post_id") or data.get("id")
        if not post_id:
            raise PlatformError(T_BAD_POST, where, code="bad_response")
        notes = tuple(PopupNote(one_line(str(n.get("popup_id"))), clean_text(str(n.get("note") or "")))
                      for n in data.get("popup_notes") or () if isinstance(n, Mapping) and n.get("popup_id"))
        return cls(post_id=str(post_id), status=str(data.get("status") or ""),
                   title=one_line(str(data.get("title") or "")),
                   reasons=tuple(one_line(_reason_text(r)) for r in data.get("reasons") or ()),
                   notes=clean_text(str(data.get("notes") or "")), popup_notes=notes,
                   replaces=_optional(data.get("replaces")), replaced_by=_optional(data.get("replaced_by")),
                   sha256=str(data.get("sha256") or ""), created_at=str(data.get("created_at") or ""),
                   updated_at=str(data.get("updated_at") or ""),
                   problems=tuple(PostProblem(str(p.get("popup_id") or ""), str(p.get("code") or ""),
                                              str(p.get("message") or ""), dict(p.get("values") or {}))
                                  for p in data.get("problems") or () if isinstance(p, Mapping)))


def _optional(value: Any) -> str | None:
    return str(value) if value else None


def _reason_text(item: Any) -> str:
    if isinstance(item, Mapping):
        return str(item.get("message") or item.get("code") or "")
    return str(item)


def _pages(session: PlatformSession, path: str, limit: int | None) -> list[Post]:
    posts: list[Post] = []
    cursor: str | None = None
    pages = PageCounter(session.limits, session.url(path))
    while True:
        pages.next()
        page = json_of(session.request("GET", path, params={"cursor": cursor} if cursor else None), "PostPage")
        posts += [Post.from_json(item, session.url(path)) for item in page["items"]]
        cursor = page.get("next_cursor")
        if not cursor or (limit is not None and len(posts) >= limit):
            break
    return posts[:limit] if limit is not None else posts


def list_posts(session: PlatformSession, *, limit: int | None = None) -> list[Post]:
    """The logged-in creator's posts, newest first (`GET /v1/posts`, every page up to `limit`)."""
    return _pages(session, POSTS_PATH, limit)


def get_post(session: PlatformSession, post_id: str) -> Post:
    """One post's status, reasons and popup notes (`GET /v1/posts/{id}`)."""
    path = f"{POSTS_PATH}/{post_id}"
    return Post.from_json(json_of(session.request("GET", path), "Post"), session.url(path))


def withdraw_post(session: PlatformSession, post_id: str) -> Post:
    """Withdraw a post (`DELETE /v1/posts/{id}`; repeating it is harmless); returns the post as it is now."""
    path = f"{POSTS_PATH}/{post_id}"
    return Post.from_json(json_of(session.request("DELETE", path), "Post"), session.url(path))


def review_queue(session: PlatformSession, *, limit: int | None = None) -> list[Post]:
    """The posts waiting for a verdict, oldest first (reviewers only)."""
    return _pages(session, QUEUE_PATH, limit)


@dataclass(frozen=True)
class VerdictTarget:
    """Where a verdict on a package can go: the post (None when it cannot be sent) and, if not, why not."""

    post_id: str | None
    reason: str = ""
    """`not_logged_in`, `not_reviewer` or `not_in_queue` when `post_id` is None."""


def verdict_target(session: PlatformSession, package_sha256: str, post_id: str | None = None) -> VerdictTarget:
    """Whether the logged-in person can send a verdict on the package with `package_sha256`, and to which post:
    `post_id` when the caller knows it (a download from the queue), else the post in the review queue whose
    package it is (a package opened from a file knows its post by its content)."""
    if not session.has_token:
        return VerdictTarget(None, "not_logged_in")
    if "reviewer" not in session.me().get("roles", []):
        return VerdictTarget(None, "not_reviewer")
    if post_id:
        return VerdictTarget(post_id)
    match = next((post for post in review_queue(session) if post.sha256 == package_sha256), None)
    return VerdictTarget(match.post_id) if match is not None else VerdictTarget(None, "not_in_queue")


def verdict_body(report: ReviewReport | Mapping[str, Any]) -> dict[str, Any]:
    """What `POST /v1/posts/{id}/verdict` takes, from a review report (its package's sha256 included, so the
    platform refuses a verdict made on another package) or from a body already made."""
    if isinstance(report, ReviewReport):
        return {**report.verdict_body(), "package_sha256": report.package_sha256}
    return dict(report)


def send_verdict(session: PlatformSession, post_id: str, report: ReviewReport | Mapping[str, Any]) -> Post:
    """Send a reviewer's verdict; returns the post as it is now. Not repeated automatically: a second verdict
    on the same post is refused (409), so a lost answer is settled by `get_post`."""
    path = f"{POSTS_PATH}/{post_id}/verdict"
    response = session.request("POST", path, json=verdict_body(report), retry=False)
    return Post.from_json(json_of(response, "Post"), session.url(path))


@dataclass(frozen=True)
class ReviewStanding:
    """Whether the logged-in reviewer made post `post_id` and whether this platform lets them judge it."""

    own_post: bool
    may_judge: bool


def review_standing(session: PlatformSession, post_id: str) -> ReviewStanding:
    """`GET /v1/me` and `GET /v1/posts/{id}`: nobody judges their own post, unless the platform says it allows
    that (`may_review_own_posts`: only the app's embedded single-user sandbox)."""
    me = session.get_json("/v1/me")
    post = session.get_json(f"{POSTS_PATH}/{post_id}")
    mine = isinstance(me, dict) and isinstance(post, dict) and (post.get("creator") or {}).get("id") == me.get("id")
    allowed = isinstance(me, dict) and me.get("may_review_own_posts") is True
    return ReviewStanding(own_post=bool(mine), may_judge=not mine or allowed)


def download_package(session: PlatformSession, post_id: str, folder: Path, *, progress: Progress | None = None,
                     cancel: CancelToken | None = None) -> Path:
    """Download a post's package for offline review (`GET /v1/posts/{id}/package`) to `{post_id}.gcpkg` in
    `folder` (the id must be a plain file name: `safe_names`), streamed within the package caps and checked
    against the sha256 the platform names (its ETag); nothing is left behind on failure or cancel."""
    dest = file_in(folder, post_id, ".gcpkg")
    path = f"{POSTS_PATH}/{post_id}/package"
    response = session.request("GET", path, stream=True, kind="package")
    expected = (response.headers.get("ETag") or "").strip('"')
    total = int(response.headers.get("Content-Length") or 0)
    digest = hashlib.sha256()
    done = 0
    partial = dest.with_name(dest.name + ".partial")
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        with response, body_deadline(response), partial.open("wb") as out:
            for chunk in stream_body(response, "package", session.limits):
                check(cancel, str(dest))
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
        if expected and digest.hexdigest() != expected:
            raise PlatformError(T_BAD_DOWNLOAD, session.url(path), code="download_mismatch", post_id=post_id)
        os.replace(partial, dest)
    finally:
        partial.unlink(missing_ok=True)
    return dest
