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
from studio.media.filters import Filter, argv, chain
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
    frames_per_scene = round(SCENE_SECONDS * FPS)
    with tempfile.TemporaryDirectory(prefix="studio-demo-") as tmp:
        scenes = []
        for i, scene in enumerate(SCENES):
            check(cancel)
            png = Path(tmp) / f"scene{i}.png"
            paint_scene(scene, WIDTH + PAN_PX, HEIGHT + PAN_PX * 16 // 9).save(str(png))
            scenes.append(chain(ffmpeg.input(str(png)).video, (  # the still held, panned slowly
                Filter("format", "yuv420p"),  # converted once, not once a frame
                Filter("loop", loop=frames_per_scene - 1, size=1, start=0), Filter("settb", f"1/{FPS}"),
                Filter("setpts", "N"),
                Filter("crop", WIDTH, HEIGHT, x=f"{PAN_PX}*t/{SCENE_SECONDS}", y=f"{PAN_PX // 2}*t/{SCENE_SECONDS}"),
                Filter("setsar", 1))))
        video = scenes[0]
        for i, scene in enumerate(scenes[1:], start=1):
            video = ffmpeg.filter([video, scene], "xfade", transition="fade", duration=FADE_SECONDS,
                                  offset=i * (SCENE_SECONDS - FADE_SECONDS))
        melody = ffmpeg.input(f"aevalsrc=0.15*sin(2*PI*(330+55*floor(t/{SCENE_SECONDS}))*t)*(0.6+0.4*sin(2*PI*2*t))"
                              f":s=48000:c=stereo:d={total_s}", f="lavfi").audio
        tmp_out = out.with_name(f".{out.name}.part.mp4")
        args = argv(ffmpeg.output(video, melody, str(tmp_out), **{
            "c:v": "libx264", "preset": "veryfast", "profile:v": "high", "pix_fmt": "yuv420p", "r": FPS, "g": FPS,
            "c:a": "aac", "b:a": "128k", "ar": 48000, "movflags": "+faststart", "t": total_s}))
        run_ffmpeg(args, what=out, progress=progress, total_ms=int(total_s * 1000),
                   cancel=cancel, outputs=[tmp_out], timeout=900)
        tmp_out.replace(out)
    return out


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
