"""Posts and review on the sandbox: create a post from a finished upload, status, withdraw, replace;
the review queue, package download and verdicts.

Post creation checks, in order: the upload is the caller's and finished, its sha256 is the one sent, then
it opens the package with `core.package.verify_package` (the very code of `studio verify`, with the
sandbox's listings as the catalog, strictly: a popup whose product is not listed here, or whose applet or page
is not its listing's, is refused) and the post text with `core.post_text.check_post_text`, and checks that
the text sent is the text the manifest carries. With `check_media` (off by default: tests pack small clips
no phone feed would take) it also probes the video out of process (`media.probe`) and holds it to the platform
profile (`core.platform_profile.check_output`), as the real platform does. Any error: 422 with EVERY problem
in `details`, and the upload's file is removed at once (its row remembers the problems, so sending the same
upload again answers the same 422). Sending the same upload again answers 200 with the post it made (a safe
retry after a lost answer). The post's creator is the uploader, whatever the manifest names.

A live post carries `problems`: what its popups break against the products as they are now (a merchant's later
change of applet or page template: errors), and a product (or the variant a popup shows) sold out since (a
warning, whose `since` value says when the platform saw the last unit go), so its creator and its reviewers see
it.
A withdrawn post and its package answer 404 `withdrawn` (the creator's list still shows it, `withdrawn`).
A creator sees only their own posts (another's answers 404); a reviewer sees every post but may not judge
one they made (403 `own_post`) unless the server's `allow_self_review` setting says so (the app's embedded
single-user sandbox).
Statuses: in_review → approved | rejected; any live post → withdrawn (DELETE); rejected or in review →
replaced when a new post names it in `replaces`.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from studio.core.errors import InputError, StudioError
from studio.core.package import MANIFEST, verify_package
from studio.core.platform_profile import check_output
from studio.core.popup_product import CatalogView
from studio.core.post_text import check_post_text
from studio.core.problems import PopupProblem
from studio.core.product import Product
from studio.core.project import PostText
from studio.core.review import product_checks
from studio.media.probe import probe
from studio.sandbox.api import (
    ApiError,
    authorize,
    cursor_param,
    int_param,
    json_response,
    read_json,
    rfc3339,
    store_of,
)
from studio.sandbox.products import applet_listed, stored_product
from studio.sandbox.store import Store, User, dumps, new_id

_COLUMNS = ("id, owner_id, upload_id, sha256, size, title, description, hashtags, status, reasons, notes, popup_notes,"
            " replaces, replaced_by, created_at, updated_at")
LIVE = ("in_review", "approved", "rejected")


def post_json(store: Store, row: tuple[Any, ...]) -> dict[str, Any]:
    (post_id, owner_id, upload_id, sha256, size, title, description, hashtags, status, reasons, notes, popup_notes,
     replaces, replaced_by, created, updated) = row
    owner = store.user(owner_id)
    return {"post_id": post_id, "status": status, "creator": {"id": owner_id, "name": owner.name if owner else ""},
            "upload_id": upload_id, "sha256": sha256, "size": size, "title": title, "description": description,
            "hashtags": json.loads(hashtags), "reasons": json.loads(reasons), "notes": notes,
            "popup_notes": json.loads(popup_notes), "replaces": replaces, "replaced_by": replaced_by,
            "problems": _listing_problems(store, post_id) if status in LIVE else [],
            "created_at": rfc3339(created), "updated_at": rfc3339(updated)}


LIVE_WARNINGS = frozenset({"product_sold_out", "variant_sold_out"})
"""The warnings a live post carries besides every error: what its popups' viewers meet now."""


def _listing_problems(store: Store, post_id: str) -> list[dict[str, Any]]:
    """What the post's popups break against the products as they are NOW (`core.review.product_checks`: errors,
    and the sold-out warnings): a merchant who withdrew a product or changed its applet or page template after
    the post was made, or whose product ran out, shows up here, for its creator and its reviewers, instead of as
    a tap that opens another page or a product nobody can buy."""
    try:
        with zipfile.ZipFile(store.post_file(post_id)) as zf:  # verified when the post was made
            popups = json.loads(zf.read(MANIFEST))["popups"]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        return []
    catalog = catalog_view(store)
    problems = []
    for index, popup in enumerate(popups):
        for problem in product_checks(popup, f"{MANIFEST}#/popups[{index}]", catalog):
            if problem.severity == "error" or problem.code in LIVE_WARNINGS:
                problems.append({**problem.to_json(), "popup_id": popup["id"],
                                 "values": {k: str(v) for k, v in problem.values.items()}})
    return problems


def _post_row(store: Store, post_id: str) -> tuple[Any, ...] | None:
    return store.one(f"SELECT {_COLUMNS} FROM posts WHERE id = ?", (post_id,))


def _visible_post(request: Request, user: User, post_id: str) -> tuple[Any, ...]:
    """The post if the caller may see it (its creator, or any reviewer); 404 otherwise."""
    row = _post_row(store_of(request), post_id)
    if row is None or (row[1] != user.id and "reviewer" not in user.roles):
        raise ApiError(404, "not_found", "no such post")
    return row


def catalog_view(store: Store) -> CatalogView:
    """The platform's listings as the popup rules ask them; strict: a product the platform does not list is an
    error here, not the warning an offline verify gives."""
    def lookup(product_id: str) -> Product | None:
        return stored_product(store, product_id)

    def applet_known(app_id: str) -> bool:
        return applet_listed(store, app_id)

    return CatalogView(lookup, applet_known, soft=False)


def _media_problems(store: Store, package: os.PathLike[str], member: str) -> list[dict[str, Any]]:
    """The video member probed out of process (`media.probe`) against the platform profile (`core`)."""
    temp = store.data_dir / "uploads" / f"probe-{new_id('v')}.mp4"
    try:
        with zipfile.ZipFile(package) as zf, zf.open(member) as src, temp.open("wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        try:
            info = probe(temp)
        except StudioError as exc:
            return [{"path": member, "code": exc.code, "message": exc.message, "severity": "error"}]
        return [{"path": member, "code": f"profile_{p.code}", "message": p.message, "severity": "error"}
                for p in check_output(info)]
    finally:
        temp.unlink(missing_ok=True)


def _check_package(store: Store, path: os.PathLike[str], text: PostText,
                   check_media: bool = False) -> tuple[list[dict[str, Any]], list[str]]:
    """(every problem as {path, code, message, severity}, popup ids) of the package and the post text; with
    `check_media`, also the video against the platform profile."""
    problems: list[dict[str, Any]] = []
    try:
        report = verify_package(path, catalog=catalog_view(store))
    except InputError as exc:
        return [{"path": "", "code": exc.code, "message": exc.message, "severity": "error"}], []
    problems += [{**p.to_json(), **({"popup_id": p.popup_id} if isinstance(p, PopupProblem) else {})}
                 for p in report.problems]
    problems += [p.to_json() for p in check_post_text(text)]
    popup_ids: list[str] = []
    if report.valid:  # verified: reading its manifest again is safe
        with zipfile.ZipFile(path) as zf:
            manifest = json.loads(zf.read(MANIFEST))
        popup_ids = [p["id"] for p in manifest["popups"]]
        if check_media:
            problems += _media_problems(store, path, manifest["video"]["path"])
        post = manifest["post"]
        for name in ("title", "description", "hashtags"):
            if post[name] != getattr(text, name):
                problems.append({"path": f"manifest.json#/post/{name}", "code": "post_text_mismatch",
                                 "message": f"the {name} sent is not the {name} the package carries",
                                 "severity": "error"})
    return problems, popup_ids


async def create_post(request: Request) -> Response:
    user = authorize(request, "creator")
    body = await read_json(request, "PostCreate")
    store = store_of(request)
    upload = store.one('SELECT length, "offset", sha256, post_id, refused FROM uploads WHERE id = ? AND owner_id = ?',
                       (body["upload_id"], user.id))
    if upload is None:
        raise ApiError(404, "upload_not_found", "no such upload among yours (expired or never made)")
    length, offset, actual, made, refused = upload
    if refused is not None:
        raise ApiError(422, "invalid_post", "the package or the post breaks rules; see details", json.loads(refused))
    if made is not None:
        row = _post_row(store, made)
        if row is not None and row[3] == body["sha256"] and row[8] in LIVE:
            return json_response(post_json(store, row), 200)
        raise ApiError(409, "upload_used", "this upload already became a post", [{"post_id": made}])
    if offset < length:
        raise ApiError(409, "upload_unfinished", f"the upload has {offset} of {length} bytes; send the rest first",
                       [{"offset": offset, "length": length}])
    if actual != body["sha256"]:
        raise ApiError(422, "sha256_mismatch", "the uploaded file's sha256 is not the one sent; upload it again",
                       [{"path": "/sha256", "code": "sha256_mismatch",
                         "message": f"the server has {actual}", "severity": "error"}])
    replaces = body.get("replaces")
    if replaces is not None:
        old = _post_row(store, replaces)
        if old is None or old[1] != user.id:
            raise ApiError(404, "not_found", "the post to replace is not among yours")
        if old[8] not in ("rejected", "in_review"):
            raise ApiError(409, "cannot_replace", f"a post that is {old[8]} cannot be replaced")
    text = PostText(title=body["title"], description=body["description"], hashtags=list(body["hashtags"]))
    upload_path = store.upload_file(body["upload_id"])
    problems, popup_ids = await run_in_threadpool(_check_package, store, upload_path, text,
                                                  request.app.state.check_media)
    if any(p.get("severity", "error") == "error" for p in problems):
        upload_path.unlink(missing_ok=True)  # refused: its bytes are of no use, and count against no quota
        store.execute("UPDATE uploads SET refused = ? WHERE id = ? AND post_id IS NULL",
                      (dumps(problems), body["upload_id"]))
        raise ApiError(422, "invalid_post", "the package or the post breaks rules; see details", problems)
    post_id = new_id("p")
    now = store.clock.now()
    with store.transaction():
        if store.one("SELECT post_id FROM uploads WHERE id = ?", (body["upload_id"],)) != (None,):
            raise ApiError(409, "upload_used", "this upload already became a post")
        os.replace(upload_path, store.post_file(post_id))
        store.execute("UPDATE uploads SET post_id = ? WHERE id = ?", (post_id, body["upload_id"]))
        store.execute(f"INSERT INTO posts ({_COLUMNS}, popup_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'in_review',"
                      " '[]', '', '[]', ?, NULL, ?, ?, ?)",
                      (post_id, user.id, body["upload_id"], actual, length, text.title, text.description,
                       dumps(text.hashtags), replaces, now, now, dumps(popup_ids)))
        if replaces is not None:
            store.execute("UPDATE posts SET status = 'replaced', replaced_by = ?, updated_at = ? WHERE id = ?",
                          (post_id, now, replaces))
    row = _post_row(store, post_id)
    assert row is not None
    return json_response(post_json(store, row), 201)


def _gone_if_withdrawn(row: tuple[Any, ...]) -> None:
    if row[8] == "withdrawn":
        raise ApiError(404, "withdrawn", "the post was withdrawn")


async def get_post(request: Request) -> Response:
    user = authorize(request, "creator", "reviewer")
    row = _visible_post(request, user, request.path_params["post_id"])
    _gone_if_withdrawn(row)
    return json_response(post_json(store_of(request), row))


async def withdraw(request: Request) -> Response:
    user = authorize(request, "creator")
    store = store_of(request)
    row = _post_row(store, request.path_params["post_id"])
    if row is None or row[1] != user.id:
        raise ApiError(404, "not_found", "no such post among yours")
    if row[8] == "replaced":
        raise ApiError(409, "replaced", "the post was replaced; withdraw the new one")
    if row[8] != "withdrawn":
        store.execute("UPDATE posts SET status = 'withdrawn', updated_at = ? WHERE id = ?", (store.clock.now(), row[0]))
    new = _post_row(store, row[0])
    assert new is not None
    return json_response(post_json(store, new))


def _page(request: Request, where: str, args: tuple[Any, ...], newest_first: bool) -> Response:
    store = store_of(request)
    limit = int_param(request, "limit", 100, 1, 500)
    cursor = cursor_param(request, "cursor", "PostCursor")
    after = (float(cursor.partition("~")[0]), cursor.partition("~")[2]) if cursor else None
    order = "DESC" if newest_first else "ASC"
    if after:
        where += f" AND (created_at, id) {'<' if newest_first else '>'} (?, ?)"
        args = (*args, after[0], after[1])
    rows = store.query(f"SELECT {_COLUMNS} FROM posts WHERE {where} ORDER BY created_at {order}, id {order} LIMIT ?",
                       (*args, limit + 1))
    page = rows[:limit]
    following = f"{page[-1][14]!r}~{page[-1][0]}" if len(rows) > limit else None  # created_at~id
    return json_response({"items": [post_json(store, r) for r in page], "next_cursor": following})


async def list_mine(request: Request) -> Response:
    user = authorize(request, "creator")
    return _page(request, "owner_id = ?", (user.id,), newest_first=True)


async def review_queue(request: Request) -> Response:
    authorize(request, "reviewer")
    return _page(request, "status = 'in_review'", (), newest_first=False)


async def package(request: Request) -> Response:
    authorize(request, "reviewer")
    store = store_of(request)
    row = _post_row(store, request.path_params["post_id"])
    if row is None:
        raise ApiError(404, "not_found", "no such post")
    _gone_if_withdrawn(row)
    return FileResponse(store.post_file(row[0]), media_type="application/zip", filename=f"{row[0]}.gcpkg",
                        headers={"etag": f'"{row[3]}"'})


async def verdict(request: Request) -> Response:
    user = authorize(request, "reviewer")
    store = store_of(request)
    post_id = request.path_params["post_id"]
    row = _post_row(store, post_id)
    if row is None:
        raise ApiError(404, "not_found", "no such post")
    if row[1] == user.id and not request.app.state.allow_self_review:
        raise ApiError(403, "own_post", "nobody judges their own post; another reviewer must")
    body = await read_json(request, "Verdict")
    notes = body.get("notes", "").strip()
    reasons = [r.strip() for r in body.get("reasons", []) if r.strip()]
    popup_notes = body.get("popup_notes", [])
    with store.transaction():
        row = _post_row(store, post_id)
        assert row is not None
        if row[8] != "in_review":
            raise ApiError(409, "not_in_review", f"the post is {row[8]}, not in review")
        if body.get("package_sha256", row[3]) != row[3]:
            raise ApiError(409, "wrong_package", "the verdict was made on another package than this post's")
        known = {i for (ids,) in store.query("SELECT popup_ids FROM posts WHERE id = ?", (post_id,))
                 for i in json.loads(ids)}
        unknown = [{"path": f"/popup_notes/{i}/popup_id", "code": "unknown_popup",
                    "message": f"the package has no popup {n['popup_id']}"}
                   for i, n in enumerate(popup_notes) if n["popup_id"] not in known]
        if unknown:
            raise ApiError(409, "unknown_popup", "a note names a popup the package does not have", unknown)
        status = "approved" if body["verdict"] == "approve" else "rejected"
        if status == "rejected" and not reasons:
            reasons = [notes] if notes else [n["note"] for n in popup_notes]
        store.execute("UPDATE posts SET status = ?, reasons = ?, notes = ?, popup_notes = ?, reviewer = ?,"
                      " updated_at = ? WHERE id = ?",
                      (status, dumps(reasons if status == "rejected" else []), notes, dumps(popup_notes), user.id,
                       store.clock.now(), post_id))
    new = _post_row(store, post_id)
    assert new is not None
    return json_response(post_json(store, new))


routes = [
    Route("/v1/posts", list_mine, methods=["GET"]),
    Route("/v1/posts", create_post, methods=["POST"]),
    Route("/v1/posts/{post_id}", get_post, methods=["GET"]),
    Route("/v1/posts/{post_id}", withdraw, methods=["DELETE"]),
    Route("/v1/posts/{post_id}/package", package, methods=["GET"]),
    Route("/v1/posts/{post_id}/verdict", verdict, methods=["POST"]),
    Route("/v1/review/queue", review_queue, methods=["GET"]),
]
