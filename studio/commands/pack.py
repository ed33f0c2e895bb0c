"""`studio pack PROJECT -o FILE [--mode copy|accurate|smart] [--fit pad|crop|follow] [--json]`.

Prints the package's path, checksum and size, each popup's output times (or that it was left out) and every
note; `--json` prints `{output, sha256, bytes, popups: [{id, start_ms, end_ms, status}], notes: [...]}`.
Exit codes as docs/cli.md: 1 when a popup rule is broken (nothing is written), 2 for an unusable project or video,
4 for the machine (disk full, ffmpeg), 130 when cancelled. The work is `studio.jobs.pack.pack_project`.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("pack", help="pack a project: the trimmed video, cover, product images and manifest")
    p.add_argument("project", help="the project file (.gcs)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the package to write")
    p.add_argument("--mode", choices=("copy", "accurate", "smart"), default="smart",
                   help="how the video is exported (default smart)")
    p.add_argument("--fit", choices=("pad", "crop", "follow"), default=None,
                   help="a picture that is not 9:16: pad with a blurred copy, crop the centre or follow faces "
                        "and products (default: the project's choice, else pad)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_pack)


def cmd_pack(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result, progress_printer
    from studio.jobs.pack import pack_project

    result = pack_project(args.project, args.output, mode=args.mode, fit=args.fit,
                          progress=progress_printer(not args.json))
    lines = [f"package: {result.output}", f"sha256: {result.sha256}", f"bytes: {result.bytes}",
             f"mode: {result.export.mode}"]
    for popup in result.popups:
        where = ("left out" if popup.start_ms is None
                 else f"{popup.start_ms}-{popup.end_ms} ms" + (" (shortened)" if popup.status == "shortened" else ""))
        lines.append(f"popup {popup.id} {popup.sku}: {where} (source {popup.source_start_ms}-{popup.source_end_ms} ms)")
    lines += [f"note: {note.message}" + (f" [popup {note.popup_id}]" if note.popup_id else "") + f" [{note.code}]"
              for note in result.notes]
    print_result(args, result.to_json(), "\n".join(lines))
    return EXIT_OK
