"""The demo project: a 30 s portrait product-showcase clip with sound, rendered by the project itself.

Scenes are painted with QtGui (`studio.render.demo_scenes`), animated (a slow pan) and cross-faded by ffmpeg
(the graph built with ffmpeg-python, `studio.media.filters`), with a generated melody; the clip and a project
file that points at it go to `paths.demo_dir()`. The demo catalog is loaded into the local catalog and three
products are tagged as popups while their scenes show. Making it twice reuses the clip when it is already there
and whole.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import ffmpeg

from studio.core import paths
from studio.core.cancel import CancelToken, Progress, check
from studio.core.catalog import demo_products, load_demo_catalog
from studio.core.errors import StudioError
from studio.core.media_ref import make_media_ref
from studio.core.product import snapshot
from studio.core.project import Popup, PostText, Project
from studio.core.project_file import save_project
from studio.media.filters import Filter, Stream, argv, chain
from studio.media.probe import probe
from studio.media.runner import run_ffmpeg
from studio.render.demo_scenes import SCENES, paint_scene
from studio.render.gui import ensure_gui_app

WIDTH, HEIGHT, FPS = 1080, 1920, 30
SCENE_SECONDS = 6.5
FADE_SECONDS = 0.5
PAN_PX = 108
DEMO_CLIP = "demo-showcase.mp4"
DEMO_PROJECT = "demo.gcs"
DEMO_POPUPS = (("GC-BOTTLE-001", 7_000, 11_000, "限时折扣"), ("GC-TOTE-002", 13_000, 17_000, ""),
               ("GC-CUP-003", 19_000, 23_000, ""))
"""(sku, start ms, end ms, label): each product while its scene shows (scene i starts at 6 s * i)."""


def render_demo_clip(out: Path, progress: Progress | None = None, cancel: CancelToken | None = None) -> Path:
    """Render the showcase clip to `out` (H.264 High, 1080x1920, 30 fps, AAC 48 kHz stereo)."""
    ensure_gui_app()
    n = len(SCENES)
    total_s = n * SCENE_SECONDS - (n - 1) * FADE_SECONDS
    with tempfile.TemporaryDirectory(prefix="studio-demo-") as tmp:
        stills = []
        for i, scene in enumerate(SCENES):
            check(cancel)
            png = Path(tmp) / f"scene{i}.png"
            paint_scene(scene, WIDTH + PAN_PX, HEIGHT + PAN_PX * 16 // 9).save(str(png))
            stills.append(ffmpeg.input(str(png)).video)
        melody = ffmpeg.input(f"aevalsrc=0.15*sin(2*PI*(330+55*floor(t/{SCENE_SECONDS}))*t)*(0.6+0.4*sin(2*PI*2*t))"
                              f":s=48000:c=stereo:d={total_s}", f="lavfi").audio
        tmp_out = out.with_name(f".{out.name}.part.mp4")
        args = argv(ffmpeg.output(_scenes_joined(stills), melody, str(tmp_out), **{
            "c:v": "libx264", **_X264, "profile:v": "high", "pix_fmt": "yuv420p", "r": FPS, "g": FPS,
            "c:a": "aac", "b:a": "128k", "ar": 48000, "movflags": "+faststart", "t": total_s}))
        run_ffmpeg(args, what=out, progress=progress, total_ms=int(total_s * 1000),
                   cancel=cancel, outputs=[tmp_out], timeout=900)
        tmp_out.replace(out)
    return out


_X264 = {"preset": "superfast", "x264-params": "mbtree=1:rc-lookahead=10:subme=0"}
"""The pan moves the picture by whole pixels (crop offsets of 4:2:0 are even) and the fades do not move it, so the
motion search needs no sub-pixel refinement (subme 0); the macroblock tree (which superfast turns off) is what
keeps a held picture small. The file is as small (1.95 MB) and as close to the frames it encodes (SSIM 0.998) as
with veryfast, for a third less CPU (12.4 s instead of 18.7 s on the whole clip)."""


def _scenes_joined(stills: list[Stream]) -> Stream:
    """Each still held for `SCENE_SECONDS` and panned slowly, cross-faded into the next for `FADE_SECONDS`.

    Only the overlapping frames go through `xfade`: it takes 4:4:4 pictures only, so every frame it passed, faded
    or not, was converted from 4:2:0 and back (6 s of CPU for the whole clip). The rest is joined by `concat`,
    which passes frames on as they are, so the held pictures keep the still's own 4:2:0 pixels."""
    frames, fade = round(SCENE_SECONDS * FPS), round(FADE_SECONDS * FPS)
    pieces: list[Stream] = []
    tail: Stream | None = None
    for i, still in enumerate(stills):
        panned = chain(still, (
            Filter("format", "yuv420p"),  # converted once, not once a frame
            Filter("loop", loop=frames - 1, size=1, start=0), Filter("settb", f"1/{FPS}"), Filter("setpts", "N"),
            Filter("crop", WIDTH, HEIGHT, x=f"{PAN_PX}*t/{SCENE_SECONDS}", y=f"{PAN_PX // 2}*t/{SCENE_SECONDS}"),
            Filter("setsar", 1)))
        fades_out = i < len(stills) - 1
        parts = panned.split()
        body_start = 0
        if tail is not None:  # the fade from the scene before into this one's first frames
            head = _frames(parts[2], 0, fade)
            pieces.append(ffmpeg.filter([tail, head], "xfade", transition="fade", duration=FADE_SECONDS, offset=0))
            body_start = fade
        pieces.append(_frames(parts[0], body_start, frames - fade if fades_out else frames))
        tail = _frames(parts[1], frames - fade, frames) if fades_out else None
    return ffmpeg.filter(pieces, "concat", n=len(pieces), v=1, a=0)


def _frames(stream: Stream, start: int, end: int) -> Stream:
    """Frames `start` to `end` (exclusive) of `stream`, timed from zero."""
    return chain(stream, (Filter("trim", start_frame=start, end_frame=end), Filter("setpts", "PTS-STARTPTS")))


def make_demo_project(progress: Progress | None = None, cancel: CancelToken | None = None) -> Path:
    """Make (or refresh) the demo project in STUDIO_HOME and return the project file's path."""
    folder = paths.demo_dir()
    clip = folder / DEMO_CLIP
    try:
        probe(clip)
    except StudioError:
        render_demo_clip(clip, progress=progress, cancel=cancel)
    project_path = folder / DEMO_PROJECT
    load_demo_catalog()
    products = {product.product_id: product for product in demo_products()}
    project = Project(
        source=make_media_ref(clip, project_path),
        popups=[Popup(sku=sku, start_ms=start, end_ms=end, anchor_x=0.45, anchor_y=0.7, label=label,
                      snapshot=snapshot(products[sku])) for sku, start, end, label in DEMO_POPUPS],
        # the post is what viewers on the (Chinese) platform read, whatever the app's own language
        post=PostText(title="夏日好物：每天都在用的三件小物",
                      description="水杯、帆布袋和咖啡杯，出门通勤都离不开。Good Circle Studio 示例作品。",
                      hashtags=["好物推荐", "夏日必备"]),
    )
    save_project(project, project_path)
    return project_path
