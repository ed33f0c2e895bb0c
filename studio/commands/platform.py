"""`studio login`, `logout`, `upload`, `status` and `catalog sync`: the platform from the command line.

`--server URL` defaults to the last server logged in to, else the local sandbox (docs/cli.md). The token is read
from stdin (when it is not a terminal) or a hidden prompt, never from argv, and kept in the keyring; where
no keyring works, scripts and CI set `STUDIO_TOKEN`. `studio upload --json` prints the pinned
`{upload_url, sha256, bytes, post_id, status}`; running it again resumes.
Holds argument parsing and printing only; the work is `studio.platform`'s.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from studio.core.errors import QT_TRANSLATE_NOOP, InputError

T_NO_TOKEN_GIVEN = QT_TRANSLATE_NOOP("errors", "no token was given (paste it at the prompt or pipe it on stdin)")
T_NOT_LOGGED_IN = QT_TRANSLATE_NOOP(
    "errors", "not logged in to {server}: run `studio login --server {server}` (or set STUDIO_TOKEN)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("login", help="log in to a platform server (the token is read from stdin or a prompt)")
    _server(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_login)

    p = sub.add_parser("logout", help="forget the token for a server (removes the keyring entry)")
    _server(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_logout)

    p = sub.add_parser("upload", help="upload a package (resumable) and create its post")
    p.add_argument("package")
    _server(p)
    p.add_argument("--replaces", metavar="POST_ID", help="the rejected post this one replaces")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_upload)

    p = sub.add_parser("status", help="a post's review status, reasons and notes")
    p.add_argument("post_id")
    _server(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("catalog", help="the local catalog of products creators may tag")
    catalog_sub = p.add_subparsers(dest="catalog_command", required=True, parser_class=type(p))
    s = catalog_sub.add_parser("sync", help="fetch what changed in the platform's catalog since the last sync")
    _server(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_catalog_sync)


def _server(p: argparse.ArgumentParser) -> None:
    p.add_argument("--server", metavar="URL", help="the platform (default: the last one logged in to, else the "
                   "local sandbox http://127.0.0.1:8765)")
    p.add_argument("--allow-plain-http", action="store_true",
                   help="allow plain http:// to a server that is not this computer (the token then travels "
                        "unencrypted: only on a network you trust)")


def _server_of(args: argparse.Namespace) -> str:
    from studio.platform.credentials import default_server
    from studio.platform.session import normalize_server

    return normalize_server(args.server or default_server())


def _session(args: argparse.Namespace) -> Any:
    """A session for `--server` with the stored token; InputError when there is none."""
    from studio.platform.credentials import load_token
    from studio.platform.session import AuthRequired, PlatformSession

    server = _server_of(args)
    token = load_token(server)
    if token is None:
        raise AuthRequired(T_NOT_LOGGED_IN, server, code="not_logged_in", server=server)
    return PlatformSession(server, token.value, allow_plain_http=_plain_http(args))


def _plain_http(args: argparse.Namespace) -> bool | None:
    """True when the person passed --allow-plain-http; else None (then STUDIO_ALLOW_PLAIN_HTTP decides)."""
    return True if getattr(args, "allow_plain_http", False) else None


def _read_token() -> str:
    if sys.stdin is None:
        token = ""
    elif sys.stdin.isatty():
        token = getpass.getpass("token: ", stream=sys.stderr)
    else:
        token = sys.stdin.readline()
    token = token.strip()
    if not token:
        raise InputError(T_NO_TOKEN_GIVEN, "stdin", code="no_token")
    return token


def cmd_login(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result
    from studio.platform.credentials import keyring_problem, remember_server, save_token
    from studio.platform.session import PlatformSession

    server = _server_of(args)
    token = _read_token()
    with PlatformSession(server, token, allow_plain_http=_plain_http(args)) as session:
        me = session.me()  # AuthRequired when the platform does not accept it: nothing is stored
    stored = save_token(server, token)
    remember_server(server)
    if stored == "session":
        problem = keyring_problem(server)
        assert problem is not None
        raise problem  # a command line process cannot keep a session-only token: say so, exit 4
    roles = [str(r) for r in me.get("roles", [])]
    data = {"server": server, "user": me.get("name"), "id": me.get("id"), "roles": roles, "stored": stored}
    print_result(args, data, f"logged in to {server} as {me.get('name')} ({', '.join(roles) or 'no roles'})")
    return EXIT_OK


def cmd_logout(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result
    from studio.platform.credentials import ENV_TOKEN, forget_token

    server = _server_of(args)
    forget_token(server)
    import os

    note = " (STUDIO_TOKEN is still set in this environment)" if os.environ.get(ENV_TOKEN) else ""
    print_result(args, {"server": server, "logged_out": True}, f"logged out of {server}{note}")
    return EXIT_OK


def cmd_upload(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result, progress_printer
    from studio.platform.upload import upload_package

    with _session(args) as session:
        result = upload_package(session, args.package, progress=progress_printer(not args.json),
                                replaces=args.replaces)
    lines = [f"post: {result.post_id} ({result.status})", f"upload: {result.upload_url}",
             f"sha256: {result.sha256}", f"bytes: {result.bytes}"]
    if result.resumed_from:
        lines.append(f"resumed from byte {result.resumed_from}")
    print_result(args, result.to_json(), "\n".join(lines))
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result
    from studio.platform.posts import Post
    from studio.platform.responses import check_schema
    from studio.platform.upload import post_status

    with _session(args) as session:
        data = post_status(session, args.post_id)
        check_schema(data, "Post", session.url(f"/v1/posts/{args.post_id}"))
    post = Post.from_json(data)  # its text cleaned of control characters for the terminal
    lines = [f"post: {post.post_id}", f"status: {post.status}"]
    for name in ("title", "replaces", "replaced_by"):
        if getattr(post, name):
            lines.append(f"{name.replace('_', ' ')}: {getattr(post, name)}")
    lines += [f"reason: {reason}" for reason in post.reasons]
    if post.notes:
        lines.append(f"notes: {post.notes}")
    lines += [f"popup {note.popup_id}: {note.note}" for note in post.popup_notes]
    print_result(args, data, "\n".join(lines))
    return EXIT_OK


def cmd_catalog_sync(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result
    from studio.platform.catalog_sync import sync_catalog
    from studio.platform.image_cache import prefetch_catalog

    with _session(args) as session:
        result = sync_catalog(session)
        images = prefetch_catalog(session)  # the listings' pictures, for offline use (new or changed ones only)
    text = (f"catalog: {result.updated} updated, {result.deleted} removed, {result.total} cached"
            + (" (no change)" if result.not_modified else "")
            + f"; images: {images.fetched} fetched, {images.unchanged} unchanged"
            + (f", {images.failed} failed" if images.failed else ""))
    print_result(args, {**result.to_json(), "images": images.to_json()}, text)
    return EXIT_OK
