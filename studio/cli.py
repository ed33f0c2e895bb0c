"""The `studio` command (docs/cli.md): every job that makes or checks an artifact, headless.

`studio` with no argument opens the GUI, `studio FILE` opens FILE in it. Results go to stdout, progress and
messages to stderr; `--json` prints exactly one JSON document, also on failure.
Exit codes are mapped in `exit_code_for`,
the one place that turns the project's errors into numbers. This module parses arguments and prints;
the work itself is done by `studio.media`, `studio.jobs` and `studio.core`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from studio import __version__
from studio.core.errors import Cancelled, InputError, MachineError, PlatformError, StudioError, ValidationError

_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
EXIT_OK, EXIT_INVALID, EXIT_INPUT, EXIT_PLATFORM, EXIT_MACHINE, EXIT_CANCELLED = 0, 1, 2, 3, 4, 130


def exit_code_for(error: BaseException) -> int:
    """The exit code for an error (docs/cli.md's table)."""
    if isinstance(error, Cancelled | KeyboardInterrupt):
        return EXIT_CANCELLED
    if isinstance(error, ValidationError):
        return EXIT_INVALID
    if isinstance(error, InputError):
        return EXIT_INPUT
    if isinstance(error, PlatformError):
        return EXIT_PLATFORM
    if isinstance(error, MachineError | OSError):
        return EXIT_MACHINE
    return EXIT_MACHINE


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so usage errors follow the same conventions."""

    def error(self, message: str) -> NoReturn:
        raise InputError("{detail}", self.prog, code="usage", detail=message)


def progress_printer(enabled: bool) -> Callable[[int, int], None] | None:
    if not enabled or not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total:
            pct = min(100, done * 100 // total)
            bar = "#" * (pct // 4)
            sys.stderr.write(f"\r[{bar:<25}] {pct:3d}%")
            if done >= total:
                sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def json_line(data: Any) -> str:
    """One JSON document on one line, every control character escaped (JSON escapes C0 itself; C1 controls,
    bidirectional overrides and lone surrogates a server sent are written as \\uXXXX so no terminal acts on them)."""
    text = json.dumps(data, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text) + "\n"


def print_result(args: argparse.Namespace, data: dict[str, Any] | list[Any], text: str) -> None:
    """The result on stdout: `data` as JSON with --json, else `text` with control characters removed."""
    from studio.core.display_text import clean_text

    if getattr(args, "json", False):
        sys.stdout.write(json_line(data))
    else:
        text = clean_text(text)
        sys.stdout.write(text + ("\n" if text and not text.endswith("\n") else ""))


def cmd_probe(args: argparse.Namespace) -> int:
    from studio.core.timeline import format_ms
    from studio.media.probe import probe

    info = probe(args.file, keyframes=args.keyframes)
    data = info.to_json()
    lines = [
        f"path: {info.path}",
        f"container: {info.container}",
        f"duration: {format_ms(info.duration_ms)} ({info.duration_ms} ms)",
        f"video: {info.video_codec} {info.width}x{info.height}, shown {info.display_width}x{info.display_height}"
        f" (rotation {info.rotation}°, SAR {info.sample_aspect_ratio}), {info.pix_fmt}",
        f"frames: {info.frame_count} at {info.avg_fps:g} fps average"
        f"{' (variable frame rate)' if info.vfr else ''}{', interlaced' if info.interlaced else ''}",
        f"first frame: {info.first_frame_ms} ms",
        f"audio: {info.audio_codec} {info.audio_sample_rate} Hz, {info.audio_channels} ch" if info.has_audio
        else "audio: none",
    ]
    if info.keyframes_ms is not None:
        lines.append("keyframes: " + ", ".join(str(k) for k in info.keyframes_ms))
    print_result(args, data, "\n".join(lines))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    if not args.no_gui:
        from studio.ui.app import create_app

        create_app()  # the demo's scenes are painted with the app that then shows them
    from studio.jobs.demo import make_demo_project

    project_path = make_demo_project(progress=progress_printer(not args.json))
    print_result(args, {"project": str(project_path)}, str(project_path))
    if args.no_gui:
        return EXIT_OK
    sys.stdout.flush()
    from studio.ui.app import run_gui

    return run_gui([str(project_path)])


def cmd_verify(args: argparse.Namespace) -> int:
    """Check a package: zip structure, manifest schema, checksums and sizes, and every popup rule (docs/cli.md)."""
    from studio.core.catalog import local_view
    from studio.core.package import verify_package

    with local_view() as catalog:
        report = verify_package(args.file, catalog=catalog)
    lines = [f"{p.severity}: {p.path}: {p.message} [{p.code}]" for p in report.problems]
    lines.append(f"{'valid' if report.valid else 'invalid'}: {args.file} (sha256 {report.sha256})")
    print_result(args, report.to_json(), "\n".join(lines))
    return EXIT_OK if report.valid else EXIT_INVALID


def cmd_export(args: argparse.Namespace) -> int:
    """Export a range of a video (or of a project's video): where it really cut, the mode used and why, the time
    taken."""
    from studio.core import project_file
    from studio.core.project import Project
    from studio.core.timeline import format_ms
    from studio.jobs.project_source import project_source
    from studio.media.export import export, plan_export
    from studio.media.probe import probe

    project, project_path, src = Project(), None, Path(args.src)
    if src.suffix.lower() == project_file.SUFFIX:
        project, project_path = project_file.load_project(src), src
        src = project_source(project, project_path)
    info = probe(src, keyframes=True)
    if args.plan:
        plan = plan_export(info, args.start, args.end, args.mode)
        print_result(args, plan.to_json(), "\n".join(_cut_lines(plan, format_ms)))
        return EXIT_OK
    follow = None
    if args.fit == "follow":  # the faces seen in the range and a project's tagged products
        from studio.jobs.follow_plan import plan_project_follow

        follow = plan_project_follow(project, project_path, info, args.start, args.end)
    result = export(info, args.start, args.end, args.mode, args.output, fit=args.fit, follow=follow,
                    keep_metadata=args.keep_metadata, progress=progress_printer(not args.json),
                    loudness_lufs=args.loudness)
    for problem in result.problems:
        sys.stderr.write(f"studio: {result.output}: warning: {problem.message}\n")
    lines = [f"output: {result.output}", *_cut_lines(result, format_ms), f"seconds: {result.seconds:.2f}"]
    print_result(args, result.to_json(), "\n".join(lines))
    return EXIT_OK


def _cut_lines(cut: Any, format_ms: Callable[[int], str]) -> list[str]:
    """Mode, real start, end and duration of an `ExportPlan` or `ExportResult`, as the text output shows them."""
    mode = cut.mode if cut.fallback_reason is None else f"{cut.mode} (smart fell back: {cut.fallback_reason.message})"
    lines = [f"mode: {mode}"]
    points = (("start", cut.start_ms, cut.requested_start_ms), ("end", cut.end_ms, cut.requested_end_ms))
    for name, actual, asked in points:
        note = "" if actual == asked else f", requested {format_ms(asked)}"
        lines.append(f"{name}: {format_ms(actual)} ({actual} ms{note})")
    lines.append(f"duration: {format_ms(cut.duration_ms)} ({cut.duration_ms} ms)")
    return lines


def cmd_child(args: argparse.Namespace) -> int:
    """Hidden: a frozen build runs its media child processes through the app binary."""
    import runpy

    sys.argv = [args.module, *args.rest]
    runpy.run_module(args.module, run_name="__main__")
    return EXIT_OK


# Commands that live in their own module under studio/commands/: each has `register(sub)`, which adds
# its subparsers and sets `func`; handlers import their heavy dependencies when they run.
COMMAND_MODULES: tuple[str, ...] = ("sandbox", "pack", "listings", "review", "platform", "cover", "products",
                                     "posts")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="studio", description="Good Circle Studio: shoppable short videos.")
    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    parser.add_argument("--licenses", action="store_true",
                        help="print what the app ships, under which licence, and where the sources are")
    parser.add_argument("--self-test", action="store_true",
                        help="probe, trim, pack and verify a tiny generated clip (checks a build without a screen)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"studio.commands.{name}").register(sub)

    p = sub.add_parser("probe", help="what a video file holds")
    p.add_argument("file")
    p.add_argument("--keyframes", action="store_true", help="also list the keyframe times (ms)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_probe)

    p = sub.add_parser("demo", help="make the demo project in STUDIO_HOME and open it")
    p.add_argument("--no-gui", action="store_true", help="only make it; print the project file's path")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("verify", help="check a package: structure, checksums, schema and popup rules")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("export", help="export a range of a video: copy, accurate or smart")
    p.add_argument("src", help="the video, or a project (.gcs) whose video is exported")
    p.add_argument("--start", type=int, required=True, metavar="MS", help="first shown frame, source ms")
    p.add_argument("--end", type=int, required=True, metavar="MS", help="end (exclusive), source ms")
    p.add_argument("--mode", choices=("copy", "accurate", "smart"), default="smart")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the MP4 to write")
    p.add_argument("--fit", choices=("pad", "crop", "follow"), default="pad",
                   help="a picture that is not 9:16: pad with a blurred copy (default), crop the centre or follow "
                        "the faces seen in the range (and a project's tagged products while their cards show)")
    p.add_argument("--keep-metadata", action="store_true", help="keep GPS location and device tags")
    p.add_argument("--loudness", type=float, metavar="LUFS", nargs="?", const=-14.0, default=None,
                   help="normalise the audio's loudness (two-pass EBU R128); default target -14 LUFS")
    p.add_argument("--plan", action="store_true", help="only say where the export would really cut")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("gui", help="open the app (the default with no command)")
    p.add_argument("files", nargs="*")
    p.set_defaults(func=lambda a: _gui(a.files))
    return parser


def _gui(files: Sequence[str]) -> int:
    from studio.ui.app import run_gui

    return run_gui(list(files))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"] and len(argv) >= 2:
        return cmd_child(argparse.Namespace(module=argv[1], rest=argv[2:]))
    if not argv:
        return _gui([])
    wants_json = "--json" in argv
    try:
        try:
            args = build_parser().parse_args(argv)
        except InputError:
            if Path(argv[0]).is_file():  # `studio FILE...`: not a command but a file to open
                return _gui(argv)
            raise
        if args.self_test:
            from studio.jobs.self_test import run_self_test

            run_self_test(lambda line: print(line, flush=True))
            print("self-test passed")
            return EXIT_OK
        if args.licenses:
            from studio.jobs.licences import licences_text

            sys.stdout.write(licences_text())
            return EXIT_OK
        if not getattr(args, "func", None):
            return _gui([])
        return int(args.func(args))
    except (StudioError, KeyboardInterrupt) as exc:
        error = exc if isinstance(exc, StudioError) else Cancelled()
        if wants_json:
            sys.stdout.write(json_line({"error": error.to_json()}))
        else:
            from studio.core.display_text import one_line

            where = error.path or "studio"
            sys.stderr.write(one_line(f"studio: {where}: {error.message}") + "\n")
        return exit_code_for(error)


if __name__ == "__main__":
    raise SystemExit(main())
