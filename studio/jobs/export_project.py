"""Export a project's video: its source over its trim, in one of the export modes.

Holds: `export_project`, which probes the project's source (`jobs.project_source`) and hands
`[trim start, trim end)` (the whole clip without a trim) to the one exporter, `studio.media.export.export`,
with the project's sound (mute, loudness, music: `project_mix`). Used by `studio pack` (studio/jobs/pack.py),
Export Video and `studio export PROJECT`.
Must not hold: popups or the package (`jobs.pack`), relinking a moved file (the UI's relink dialog), Qt.
"""

from __future__ import annotations

import os
from pathlib import Path

from studio.core.cancel import CancelToken, Progress
from studio.core.errors import QT_TRANSLATE_NOOP, InputError
from studio.core.media_info import MediaInfo
from studio.core.media_ref import ref_name, resolve_media
from studio.core.platform_profile import Fit
from studio.core.project import Project
from studio.core.trim import effective
from studio.jobs.follow_plan import plan_project_follow
from studio.jobs.project_source import project_source
from studio.media.audio_mix import AudioMix
from studio.media.export import DEFAULT_PRESET, ExportResult, Mode, export
from studio.media.loudness import TARGET_LUFS
from studio.media.probe import probe

T_MUSIC_MISSING = QT_TRANSLATE_NOOP(
    "errors", "the project's music {name} is not where it was; open the project in the app to find it again")


def export_project(
    project: Project,
    project_path: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    mode: Mode = "smart",
    fit: Fit | None = None,
    source_info: MediaInfo | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    preset: str = DEFAULT_PRESET,
) -> ExportResult:
    """Export the project's source over its trim to `out_path` in `mode` (see `studio.media.export.export`).

    `fit` overrides the project's choice (`Project.fit`; pad while none is made); with `follow`, the window
    follows the faces seen in the kept range and holds each popup's product while its card shows
    (`jobs.follow_plan`). `source_info` is the source's probe when the caller already has it. The result's
    `mapping` takes the project's source times to the output's (a `copy` export starts at the keyframe before
    the in point).
    """
    info = source_info or probe(project_source(project, project_path))
    kept = effective(project.trim, info.duration_ms)
    end_ms = min(kept.end_ms, info.duration_ms)
    sound = project.sound
    chosen: Fit = fit or project.fit or "pad"
    follow = None
    if chosen == "follow":
        follow = plan_project_follow(project, project_path, info, kept.start_ms, end_ms, cancel=cancel)
    return export(info, kept.start_ms, end_ms, mode, out_path, fit=chosen, follow=follow,
                  progress=progress, cancel=cancel, preset=preset,
                  loudness_lufs=TARGET_LUFS if sound.normalize_loudness else None,
                  mix=project_mix(project, project_path))


def project_mix(project: Project, project_path: str | os.PathLike[str]) -> AudioMix | None:
    """The project's sound settings as the exporter takes them (None: the original sound as it is)."""
    sound = project.sound
    music = sound.music
    if not sound.mute and music is None:
        return None
    music_path = None
    if music is not None:
        music_path = resolve_media(music.media, Path(project_path))
        if music_path is None:
            raise InputError(T_MUSIC_MISSING, project_path, code="music_missing", name=ref_name(music.media))
    return AudioMix(mute=sound.mute, music=music_path,
                    music_gain_db=music.gain_db if music else -12.0, duck_db=music.duck_db if music else -10.0,
                    fade_in_ms=music.fade_in_ms if music else 0, fade_out_ms=music.fade_out_ms if music else 0)
