"""`studio cover`: suggest cover frames of a video, or export a cover JPEG.

`studio cover SRC --suggest N [--start MS --end MS] [--json]` prints the best N frames, best first
(`--json`: docs/cli.md's pinned list of `{time_ms, score, reasons}`); a range that is black throughout has no
suggestion (an empty list, and a note on stderr). `studio cover SRC --at MS [--aspect 3:4|9:16]
[--title TEXT] -o cover.jpg [--json]` writes the frame shown at MS as the cover (SRC may also be an image:
then `--at` is not needed); warnings (a title over the feed's controls or the card, a small source) go to
stderr. Holds parsing and printing; the work is `studio.media.cover_scoring`'s and `studio.jobs.cover`'s.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studio.cli import EXIT_OK, print_result, progress_printer
from studio.core.errors import QT_TRANSLATE_NOOP, InputError

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cover", help="suggest cover frames, or export a cover JPEG")
    p.add_argument("src", help="the video (or, with -o, an image)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--suggest", type=int, metavar="N", help="print the N best cover frames")
    what.add_argument("--at", type=int, metavar="MS", help="export the frame shown at MS (source ms)")
    what.add_argument("--image", action="store_true", help="SRC is an image: crop it and export it as the cover")
    p.add_argument("--start", type=int, metavar="MS", help="with --suggest: the range's first ms (source time)")
    p.add_argument("--end", type=int, metavar="MS", help="with --suggest: the range's end (exclusive)")
    p.add_argument("--aspect", choices=("3:4", "9:16"), default="3:4")
    p.add_argument("--title", default="", help="the cover title (\\n starts a new line)")
    p.add_argument("-o", "--output", metavar="JPG", help="the cover file to write (with --at or --image)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_cover)


def _usage(detail: str) -> InputError:
    return InputError("{detail}", "studio cover", code="usage", detail=detail)


def cmd_cover(args: argparse.Namespace) -> int:
    if args.suggest is not None:
        if args.output:
            raise _usage("-o goes with --at or --image, not --suggest")
        return _suggest(args)
    if args.at is None and not args.image:
        if Path(args.src).suffix.lower() not in IMAGE_SUFFIXES:
            raise _usage("one of --suggest N, --at MS or --image is required")
        args.image = True
    if not args.output:
        raise _usage("--at and --image need -o OUTPUT.jpg")
    return _export(args)


def _suggest(args: argparse.Namespace) -> int:
    from studio.core.timeline import format_ms
    from studio.media.cover_scoring import suggest_covers
    from studio.media.probe import probe

    info = probe(args.src)
    suggestions = suggest_covers(info, args.suggest, args.start, args.end, progress=progress_printer(not args.json))
    if not suggestions:
        sys.stderr.write(f"studio: {info.path}: every frame looked at in the range is black; nothing to suggest\n")
    lines = [f"{i}. {format_ms(s.time_ms)} ({s.time_ms} ms) score {s.score:.2f}: "
             + ", ".join(r.message for r in s.reasons) for i, s in enumerate(suggestions, 1)]
    print_result(args, [s.to_json() for s in suggestions], "\n".join(lines))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from studio.core.media_ref import make_media_ref
    from studio.core.project import CoverChoice, Project
    from studio.jobs.cover import export_cover
    from studio.media.frames import FrameServer
    from studio.media.probe import probe
    from studio.media.runner import checked_input

    src = checked_input(args.src)
    title = args.title.replace("\\n", "\n")
    progress = progress_printer(not args.json)
    if args.image:
        cover = CoverChoice(image=make_media_ref(src, None), aspect=args.aspect, title=title)
        result = export_cover(Project(cover=cover), src, Path(args.output), progress=progress)
    else:
        info = probe(src)
        if not 0 <= args.at < info.duration_ms:
            raise InputError(QT_TRANSLATE_NOOP("errors", "{at_ms} ms is outside the video (0 to {duration_ms} ms)"),
                             src, code="out_of_range", at_ms=args.at, duration_ms=info.duration_ms)
        cover = CoverChoice(time_ms=args.at, aspect=args.aspect, title=title)
        with FrameServer(info, use_proxy=False, cache_bytes=0) as frames:
            result = export_cover(Project(cover=cover), src, Path(args.output), progress=progress, frames=frames)
    for problem in result.problems:
        sys.stderr.write(f"studio: {result.output}: warning: {problem.message}\n")
    where = "image" if result.time_ms is None else f"frame at {result.time_ms} ms"
    text = (f"{result.output}: {result.width}x{result.height} ({result.aspect}) JPEG, {result.bytes} bytes "
            f"at quality {result.quality}, from the {where}")
    print_result(args, result.to_json(), text)
    return EXIT_OK
