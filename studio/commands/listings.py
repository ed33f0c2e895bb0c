"""`studio listings import|export` and `studio applet link`: the merchant's listings from the command line.

`studio listings import CSV [--map FILE] [--shop NAME] [--dry-run] [--json]` prints docs/cli.md's pinned
`{rows, imported, failed: [{line, column, code, message}]}` (and more); any failed row gives exit 1, and
without `--dry-run` the good rows are committed in one transaction. `studio listings push` / `pull` sync with the
platform (`studio.platform.listings_sync`; conflicts exit 1). `studio listings export -o CSV` writes every
listing. `studio applet link APPID --path-template T [--name N] [--original-id ID]` checks the link
with core's rules and keeps it locally; the next push links it on the platform (`PUT /v1/applets`).
Holds argument parsing and printing only; the work is `studio.jobs.listings`'.
"""

from __future__ import annotations

import argparse

from studio.cli import EXIT_INVALID, EXIT_OK, print_result, progress_printer
from studio.commands.platform import _server, _session


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("listings", help="the merchant's listings: import a shop's CSV, export")
    listings_sub = p.add_subparsers(dest="listings_command", required=True, parser_class=type(p))
    s = listings_sub.add_parser("import", help="import a shop's CSV export (UTF-8, GBK, comma or tab)")
    s.add_argument("csv")
    s.add_argument("--map", metavar="FILE", help='a JSON object of field -> column, e.g. {"sku": "商家编码"}')
    s.add_argument("--shop", default="default", help="whose export this is: its column mapping is remembered")
    s.add_argument("--dry-run", action="store_true", help="check every row, change nothing")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_import)

    s = listings_sub.add_parser("push", help="send the listings changed here to the platform (per-row results)")
    _server(s)
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_push)

    s = listings_sub.add_parser("pull", help="take the platform's copy of listings not changed here; show conflicts")
    _server(s)
    s.add_argument("--theirs", action="store_true", help="settle conflicts by taking the platform's copy")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_pull)

    s = listings_sub.add_parser("export", help="write every listing to a CSV (UTF-8 with BOM)")
    s.add_argument("-o", "--output", required=True, metavar="CSV")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_export)

    from studio.commands.posts import register_listing_images

    register_listing_images(listings_sub)  # `studio listings images push`

    p = sub.add_parser("applet", help="the store applet that popups open")
    applet_sub = p.add_subparsers(dest="applet_command", required=True, parser_class=type(p))
    s = applet_sub.add_parser("link", help="link the store applet: AppID and page path template")
    s.add_argument("app_id", metavar="APPID")
    s.add_argument("--path-template", required=True, metavar="T", help="e.g. pages/goods/detail?sku={sku}")
    s.add_argument("--name", default="", help="the applet's display name")
    s.add_argument("--original-id", default="", help="gh_ and 12 hex digits (optional)")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_applet_link)


def cmd_import(args: argparse.Namespace) -> int:
    from studio.core.listings_store import ListingsStore
    from studio.jobs.listings import import_listings, read_mapping_file

    mapping = read_mapping_file(args.map) if args.map else None
    with ListingsStore.open() as store:
        plan, imported = import_listings(args.csv, store, mapping=mapping, shop=args.shop, dry_run=args.dry_run,
                                         progress=progress_printer(not args.json))
    lines = [f"{args.csv}:{i.line}:{i.column}: {i.message} [{i.code}]" for i in plan.issues]
    verb = "would import" if args.dry_run else "imported"
    count = len(plan.good) if args.dry_run else imported
    lines.append(f"{plan.rows} rows: {verb} {count} products ({plan.variants} variants), "
                 f"{len(plan.failed_lines)} failed")
    data = {**plan.to_json(imported), "dry_run": args.dry_run}
    print_result(args, data, "\n".join(lines))
    return EXIT_INVALID if plan.issues else EXIT_OK


def cmd_push(args: argparse.Namespace) -> int:
    from studio.core.listings_store import ListingsStore
    from studio.platform.listings_sync import push_listings

    with ListingsStore.open() as store, _session(args) as session:
        result = push_listings(session, store, progress=progress_printer(not args.json))
    lines = [f"{f['sku']}: {f['message']} [{f['code']}, HTTP {f['status']}]" for f in result.failed]
    lines.append(f"pushed {result.pushed}, withdrew {result.withdrawn}, {len(result.failed)} refused")
    print_result(args, result.to_json(), "\n".join(lines))
    return EXIT_INVALID if result.failed else EXIT_OK


def cmd_pull(args: argparse.Namespace) -> int:
    from studio.core.listings_store import ListingsStore
    from studio.platform.listings_sync import pull_listings

    with ListingsStore.open() as store, _session(args) as session:
        result = pull_listings(session, store, take_theirs=args.theirs)
    lines = [f"{c['sku']}: changed here and on the platform; kept yours (push it, or pull --theirs)"
             for c in result.conflicts]
    lines += [f"{r['sku']}: the platform's copy was not taken: {r['field']}: {r['message']}" for r in result.refused]
    lines.append(f"received {result.received}, updated {result.updated}, {len(result.conflicts)} conflicts"
                 + (f", {len(result.refused)} refused" if result.refused else ""))
    print_result(args, result.to_json(), "\n".join(lines))
    return EXIT_INVALID if result.conflicts or result.refused else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from studio.core.listings_store import ListingsStore
    from studio.jobs.listings import export_listings

    with ListingsStore.open() as store:
        count = export_listings(args.output, store)
    print_result(args, {"output": args.output, "listings": count}, f"{count} listings written to {args.output}")
    return EXIT_OK


def cmd_applet_link(args: argparse.Namespace) -> int:
    from studio.core.applet_link import check_applet_link, example_path, raise_first
    from studio.core.listings_store import ListingsStore
    from studio.core.project import AppletLink

    link = AppletLink(app_id=args.app_id, name=args.name, original_id=args.original_id,
                      path_template=args.path_template)
    raise_first(check_applet_link(link), args.app_id)
    with ListingsStore.open() as store:
        store.set_applet(link)
    example = example_path(link.path_template)
    data = {"app_id": link.app_id, "name": link.name, "original_id": link.original_id or None,
            "path_template": link.path_template, "example": example, "synced": False}
    print_result(args, data, f"linked {link.app_id} locally; a popup opens e.g. {example}")
    return EXIT_OK
