"""`studio products find VIDEO --product SKU=IMAGE [...] [--json]` and `studio products find PROJECT`.

Prints each proposal: the SKU, its window on the source timeline and its confidence; `--json` prints the
list docs/cli.md pins, `[{sku, start_ms, end_ms, confidence, boxes: [{t_ms, x, y, w, h}]}]` (integer ms of
source time, boxes in display pixels with the rotation applied). Notes about photos a project search skipped
go to stderr. Exit 0, or 2 with one line naming the bad file (an unreadable photo, a video that does not
probe, a project without products or photos), 130 when cancelled. The work is `studio.jobs.find_products`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from studio.core.errors import QT_TRANSLATE_NOOP, InputError


def register(sub: Any) -> None:
    p = sub.add_parser("products", help="find the listed products in a video")
    products_sub = p.add_subparsers(dest="products_command", required=True)
    f = products_sub.add_parser("find", help="propose popup windows where each product is in view")
    f.add_argument("input", metavar="VIDEO|PROJECT",
                   help="a video (with --product) or a project file (its tagged products and listing photos)")
    f.add_argument("--product", action="append", default=[], metavar="SKU=IMAGE",
                   help="a product and one of its photos; repeat for more photos or products")
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=cmd_find)


def _products(pairs: list[str]) -> dict[str, list[str]]:
    products: dict[str, list[str]] = {}
    for pair in pairs:
        sku, sep, image = pair.partition("=")
        if not sep or not sku.strip() or not image:
            raise InputError(QT_TRANSLATE_NOOP("errors", "--product takes SKU=IMAGE, not {value!r}"),
                             "studio products find", code="usage", value=pair)
        products.setdefault(sku.strip(), []).append(image)
    return products


def cmd_find(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result, progress_printer
    from studio.core.timeline import format_ms
    from studio.jobs.find_products import find_in_project, find_in_video

    progress = progress_printer(not args.json)
    if args.product:
        result = find_in_video(args.input, _products(args.product), progress=progress)
    else:
        result = find_in_project(args.input, progress=progress)
    for note in result.notes:
        sys.stderr.write(f"studio: {args.input}: note: {note.message}\n")
    lines = [f"{w.sku}: {format_ms(w.start_ms)}-{format_ms(w.end_ms)} ({w.start_ms}-{w.end_ms} ms), "
             f"confidence {w.confidence:.2f}, {len(w.boxes)} boxes" for w in result.windows]
    found = {w.sku for w in result.windows}
    lines += [f"{sku}: not found" for sku in result.skus if sku not in found]
    data: Any = [w.to_json() for w in result.windows]
    print_result(args, data, "\n".join(lines))
    return EXIT_OK
