"""`studio posts`, `studio withdraw`, `studio resubmit` and `studio listings images push`: a post's life after its
upload, and the merchant's listing pictures, from the command line (`studio status POST_ID` is platform.py's).

- `studio posts [--limit N] [--json]`: my posts, newest first (`{posts: [{post_id, status, title, replaces,
  replaced_by, reasons, popup_notes}]}`).
- `studio withdraw POST_ID [--json]`: the post as it is after withdrawing.
- `studio resubmit PROJECT --replaces POST_ID [--mode M] [--json]`: pack the project and send it as a new
  post replacing the rejected one (`{replaces, post_id, status, package, sha256}`).
- `studio listings images push SKU FILE... [--start N] [--json]`: the listing's pictures, the first file in
  place N (default 0, the main picture).
Holds argument parsing and printing only; the work is `studio.platform.posts`', `studio.jobs.resubmit`'s and
`studio.platform.image_cache`'s.
"""

from __future__ import annotations

import argparse
from typing import Any

from studio.commands.platform import _server, _session


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("posts", help="my posts and their review status")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="at most N posts (newest first)")
    _server(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_posts)

    p = sub.add_parser("withdraw", help="withdraw a post (viewers no longer see it)")
    p.add_argument("post_id")
    _server(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_withdraw)

    p = sub.add_parser("resubmit", help="pack a fixed project and send it as a new post replacing a rejected one")
    p.add_argument("project")
    p.add_argument("--replaces", required=True, metavar="POST_ID", help="the rejected post")
    p.add_argument("--mode", choices=("copy", "smart", "accurate"), default="smart")
    _server(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_resubmit)


def register_listing_images(listings_sub: argparse._SubParsersAction) -> None:
    """`studio listings images push`, hooked under `studio listings` by commands/listings.py."""
    p = listings_sub.add_parser("images", help="a listing's pictures on the platform")
    images_sub = p.add_subparsers(dest="images_command", required=True, parser_class=type(p))
    s = images_sub.add_parser("push", help="upload a listing's pictures (the first file is the main one)")
    s.add_argument("sku")
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--start", type=int, default=0, metavar="N", help="the place of the first file (0-8)")
    _server(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_images_push)


def _post_json(post: Any) -> dict[str, Any]:
    return {"post_id": post.post_id, "status": post.status, "title": post.title, "replaces": post.replaces,
            "replaced_by": post.replaced_by, "reasons": list(post.reasons), "notes": post.notes,
            "popup_notes": [{"popup_id": n.popup_id, "note": n.note} for n in post.popup_notes],
            "updated_at": post.updated_at}


def cmd_posts(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result
    from studio.platform.posts import list_posts

    with _session(args) as session:
        posts = list_posts(session, limit=args.limit)
    lines = []
    for post in posts:
        extra = f" (replaced by {post.replaced_by})" if post.replaced_by else ""
        lines.append(f"{post.post_id}  {post.status:<10} {post.title}{extra}")
        lines += [f"    reason: {r}" for r in post.reasons] if post.status == "rejected" else []
        lines += [f"    popup {n.popup_id}: {n.note}" for n in post.popup_notes] if post.status == "rejected" else []
    print_result(args, {"posts": [_post_json(p) for p in posts]}, "\n".join(lines) or "no posts")
    return EXIT_OK


def cmd_withdraw(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result
    from studio.platform.posts import withdraw_post

    with _session(args) as session:
        post = withdraw_post(session, args.post_id)
    print_result(args, _post_json(post), f"post {post.post_id}: {post.status}")
    return EXIT_OK


def cmd_resubmit(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result, progress_printer
    from studio.jobs.resubmit import resubmit

    with _session(args) as session:
        result = resubmit(session, args.project, args.replaces, mode=args.mode,
                          progress=progress_printer(not args.json))
    print_result(args, result.to_json(),
                 f"post {result.new_post_id} ({result.upload.status}) replaces {args.replaces}\n"
                 f"package: {result.package.output}")
    return EXIT_OK


def cmd_images_push(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result
    from studio.platform.image_cache import push_listing_images

    with _session(args) as session:
        answers = push_listing_images(session, args.sku, args.files, start=args.start)
    lines = [f"{a.get('url')}: {a.get('content_type')}, {a.get('size')} bytes" for a in answers]
    print_result(args, {"sku": args.sku, "images": answers}, "\n".join(lines))
    return EXIT_OK
