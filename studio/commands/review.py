"""`studio render-preview` (issue 8): a package's video with its popups burned in, for people without the app.

`studio review PACKAGE` (the reviewer's window) joins here when review mode lands.
"""

from __future__ import annotations

import argparse
from typing import Any


def cmd_render_preview(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result, progress_printer
    from studio.jobs.render_preview import render_preview

    result = render_preview(args.package, args.output, progress=progress_printer(not args.json))
    print_result(args, result.to_json(), f"output: {result.output}\npopups: {result.popups}\n"
                                         f"seconds: {result.seconds:.2f}")
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("render-preview", help="burn a package's popups into its video (MP4)")
    p.add_argument("package")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the MP4 to write")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_render_preview)
