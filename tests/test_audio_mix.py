"""The export's sound: mute, and music under the original, ducked while it is loud.

The original sound is a 440 Hz "voice" that speaks for 2 s and pauses for 2 s; the music is a steady 1000 Hz
tone. The export's audio is decoded and the music's level is read at 1000 Hz (an FFT over half-second windows)
while the voice speaks and while it pauses: the difference must be the chosen ducking level, within 1 dB.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from studio.media.audio_mix import AudioMix, speech_ranges
from studio.media.export import Mode, export
from studio.media.probe import probe
from studio.media.runner import run_ffmpeg

RATE = 48_000
VOICE = "0.5*sin(2*PI*440*t)*lt(mod(t\\,4)\\,2)"


@pytest.fixture(scope="module")
def talking_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10 s of the voice, with a picture at 10 fps: only the sound is checked, and every frame an export
    re-encodes at 1080x1920 costs."""
    out = tmp_path_factory.mktemp("mix") / "talk.mp4"
    run_ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=360x640:rate=10:duration=10",
                "-f", "lavfi", "-i", f"aevalsrc={VOICE}:s={RATE}:d=10",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "10", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-b:a", "192k", "-shortest", str(out)], what=out)
    return out


@pytest.fixture(scope="module")
def music(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """12 s of the tone: longer than any export here (10 s at most), so each one ends it."""
    out = tmp_path_factory.mktemp("music") / "music.m4a"
    run_ffmpeg(["-f", "lavfi", "-i", f"sine=frequency=1000:sample_rate={RATE}:duration=12",
                "-c:a", "aac", "-b:a", "192k", str(out)], what=out)
    return out


def decoded(path: Path | str) -> np.ndarray:
    done = run_ffmpeg(["-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", str(RATE), "-f", "f32le", "pipe:1"],
                      what=path)
    return np.frombuffer(done.stdout, np.float32)


def level_db(samples: np.ndarray, start_s: float, hz: float) -> float:
    window = samples[int(start_s * RATE):int((start_s + 0.5) * RATE)]
    spectrum = np.abs(np.fft.rfft(window * np.hanning(len(window))))
    freqs = np.fft.rfftfreq(len(window), 1 / RATE)
    band = spectrum[(freqs > hz - 20) & (freqs < hz + 20)]
    return 20 * np.log10(band.max() + 1e-12)


def test_speech_ranges_follow_the_voice(talking_clip: Path) -> None:
    ranges = speech_ranges(["-i", str(talking_clip)], "10", what=talking_clip)
    assert len(ranges) == 3
    for (start, end), expected in zip(ranges, [(0, 2), (4, 6), (8, 10)], strict=True):
        assert abs(start - expected[0]) < 0.1 and abs(end - expected[1]) < 0.1


@pytest.mark.parametrize("mode", ["accurate", "copy", "smart"])
def test_music_is_ducked_under_speech_by_the_chosen_level(talking_clip: Path, music: Path, tmp_path: Path,
                                                          mode: Mode) -> None:
    mix = AudioMix(music=music, music_gain_db=-6, duck_db=-10, fade_in_ms=100, fade_out_ms=100)
    out = export(probe(talking_clip, keyframes=True), 0, 8000, mode, tmp_path / f"{mode}.mp4", mix=mix,
                 preset="ultrafast")
    samples = decoded(out.output)
    source = decoded(music)
    full = level_db(source, 2.5, 1000)
    speaking = [level_db(samples, t, 1000) for t in (0.75, 4.75)]
    pausing = [level_db(samples, t, 1000) for t in (2.75, 6.75)]
    for quiet in pausing:
        assert abs(quiet - (full - 6)) < 1.0, "the music sits at its chosen level while the voice pauses"
    for loud, quiet in zip(speaking, pausing, strict=True):
        assert abs((loud - quiet) - -10) < 1.0, "the music is lowered by the ducking level under speech"
    voice_alone = level_db(decoded(talking_clip), 0.75, 440)
    assert abs(level_db(samples, 0.75, 440) - voice_alone) < 1.0, "the voice keeps its level"


def test_mute_leaves_silence_or_only_the_music(talking_clip: Path, music: Path, tmp_path: Path) -> None:
    info = probe(talking_clip, keyframes=True)
    silent = decoded(export(info, 0, 4000, "accurate", tmp_path / "mute.mp4", mix=AudioMix(mute=True),
                            preset="ultrafast").output)
    assert np.sqrt(np.mean(silent ** 2)) < 1e-4
    only_music = decoded(export(info, 0, 4000, "accurate", tmp_path / "music.mp4",
                                mix=AudioMix(mute=True, music=music, music_gain_db=-6, fade_in_ms=100,
                                             fade_out_ms=100), preset="ultrafast").output)
    assert level_db(only_music, 0.75, 440) < level_db(only_music, 0.75, 1000) - 40
    # muted: nothing to duck under, so the music stays at its level throughout
    assert abs(level_db(only_music, 0.75, 1000) - level_db(only_music, 2.75, 1000)) < 1.0


def test_music_fades_and_ends_with_the_video(talking_clip: Path, music: Path, tmp_path: Path) -> None:
    out = export(probe(talking_clip, keyframes=True), 2000, 6000, "accurate", tmp_path / "fade.mp4",
                 mix=AudioMix(music=music, music_gain_db=-6, duck_db=0, fade_in_ms=1000, fade_out_ms=1000),
                 preset="ultrafast")
    samples = decoded(out.output)
    assert abs(len(samples) / RATE - 4.0) < 0.1
    assert level_db(samples, 0.0, 1000) < level_db(samples, 1.5, 1000) - 6  # fading in
    assert level_db(samples, 3.5, 1000) < level_db(samples, 1.5, 1000) - 6  # fading out


def test_pack_uses_the_projects_sound(talking_clip: Path, music: Path, tmp_path: Path) -> None:
    from studio.core.media_ref import make_media_ref
    from studio.core.project import MusicTrack, PostText, Project, SoundSettings
    from studio.core.project_file import save_project
    from studio.jobs.export_project import export_project

    path = tmp_path / "p.gcs"
    project = Project(source=make_media_ref(talking_clip, path), post=PostText(title="t"),
                      sound=SoundSettings(mute=True, music=MusicTrack(media=make_media_ref(music, path),
                                                                       gain_db=-6, fade_in_ms=100, fade_out_ms=100)))
    save_project(project, path)
    out = export_project(project, path, tmp_path / "o.mp4", mode="accurate", preset="ultrafast")
    samples = decoded(out.output)
    assert level_db(samples, 0.75, 440) < level_db(samples, 0.75, 1000) - 40
    music.rename(music.with_name("moved.m4a"))
    try:
        from studio.core.errors import InputError

        with pytest.raises(InputError) as err:
            export_project(project, path, tmp_path / "o2.mp4", mode="accurate", preset="ultrafast")
        assert err.value.code == "music_missing"
    finally:
        music.with_name("moved.m4a").rename(music)


def test_waveform_peaks_follow_the_sound(talking_clip: Path, clip: Callable[..., Path]) -> None:
    from studio.media.waveform import waveform_peaks

    peaks = waveform_peaks(probe(talking_clip), 20)
    assert abs(len(peaks) - 500) <= 3
    assert peaks[25:75].min() > 0.3  # 0.5-1.5 s: the voice
    assert peaks[125:175].max() < 0.02  # 2.5-3.5 s: the pause
    assert len(waveform_peaks(probe(clip(audio=False)))) == 0
