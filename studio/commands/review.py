"""`studio review` and `studio render-preview`: the reviewer's commands.

`studio review PACKAGE` opens the review window. With `--verdict`, it works headless instead: it verifies the
package, prints the reviewer's checks and writes a signed review report (`-o`); an invalid package is
refused (exit 1) with the verifier's problems. `studio render-preview PACKAGE -o OUT` burns the popups in.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studio.core.errors import QT_TRANSLATE_NOOP, InputError

_BAD_NOTE = QT_TRANSLATE_NOOP("errors", "a popup note must look like POPUP_ID=TEXT, not {value}")
_NEEDS_OUTPUT = QT_TRANSLATE_NOOP("errors", "--verdict needs -o REPORT.json (where to write the report)")


def cmd_render_preview(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK, print_result, progress_printer
    from studio.jobs.render_preview import render_preview

    result = render_preview(args.package, args.output, phone_frame=args.phone_frame,
                            progress=progress_printer(not args.json))
    print_result(args, result.to_json(), f"output: {result.output}\npopups: {result.popups}\n"
                                         f"seconds: {result.seconds:.2f}")
    return EXIT_OK


def _popup_notes(values: list[str]) -> dict[str, str]:
    notes = {}
    for value in values:
        popup_id, sep, text = value.partition("=")
        if not sep or not popup_id:
            raise InputError(_BAD_NOTE, None, code="usage", value=value)
        notes[popup_id] = text
    return notes


def cmd_review(args: argparse.Namespace) -> int:
    from studio.cli import EXIT_OK

    if args.verdict is None:
        from studio.ui.app import run_review

        return run_review(Path(args.package))
    if not args.output:
        raise InputError(_NEEDS_OUTPUT, args.package, code="usage")
    from studio.cli import print_result
    from studio.core.review import make_report, write_report
    from studio.jobs.review import open_for_review

    now = datetime.now(UTC)
    opened = open_for_review(args.package, now=now)
    report = make_report(opened.sha256, args.reviewer or getpass.getuser(), args.verdict, notes=args.notes,
                         popup_notes=_popup_notes(args.popup_note), now=now)
    unknown = set(_popup_notes(args.popup_note)) - {p.id for p in opened.popups}
    for popup_id in sorted(unknown):
        sys.stderr.write(f"studio: {args.package}: warning: no popup has the id {popup_id}\n")
    out = write_report(Path(args.output), report)
    checks = [f.to_json() for f in opened.findings] + [p.to_json() for p in opened.checks]
    lines = [f"report: {out}", f"verdict: {report.verdict}", f"package sha256: {opened.sha256}"]
    lines += [f"{c['severity']}: {c['path']}: {c['message']}" for c in checks]
    print_result(args, {"report": str(out), "verdict": report.verdict, "package_sha256": opened.sha256,
                        "checks": checks}, "\n".join(lines))
    return EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser("review", help="watch a package as a viewer's phone shows it, or write a review report")
    p.add_argument("package")
    p.add_argument("--verdict", choices=("approve", "reject"), help="headless: write a report with this verdict")
    p.add_argument("--notes", default="", help="overall notes for the creator")
    p.add_argument("--popup-note", action="append", default=[], metavar="ID=TEXT", help="a note on one popup")
    p.add_argument("--reviewer", default="", help="who reviewed (default: the user name)")
    p.add_argument("-o", "--output", metavar="REPORT", help="where to write the report (JSON)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("render-preview", help="burn a package's popups into its video (MP4)")
    p.add_argument("package")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the MP4 to write")
    p.add_argument("--phone-frame", action="store_true", help="also draw the feed's controls as the phone shows them")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_render_preview)
