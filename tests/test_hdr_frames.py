"""The frame server tone-maps HLG and PQ sources as the export does (`core.colour.TONE_MAP`): the editor's picture
of an HDR clip has the mean colour of the packed output's picture, on generated PQ and HLG clips and on the real
HDR clips facts.json names. Without the tone map the two are far apart (the check can fail)."""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest

from studio.core.colour import source_colour
from studio.media.export import export
from studio.media.frames import FrameServer
from studio.media.probe import probe
from studio.media.runner import run_ffmpeg
from tests.media_fixtures import cached

SIZE = (270, 480)
CLOSE = 5.0
"""Levels (0-255) the mean R, G and B may differ by between the editor's frame and the package's."""
APART = 10.0


def mean_colour(image: np.ndarray) -> np.ndarray:
    return image.reshape(-1, 3).astype(np.float64).mean(axis=0)


def untone_mapped(path: Path, index: int, shown: np.ndarray) -> np.ndarray:
    """What the frame server showed before: the HDR signal read as if it were SDR, turned like `shown`."""
    info = probe(path)
    turned = info.rotation % 180 == 90
    height, width = shown.shape[:2]
    with av.open(str(path)) as container:
        frame = next(f for i, f in enumerate(container.decode(video=0)) if i == index)
        plain = frame.to_ndarray(format="rgb24", width=height if turned else width,
                                 height=width if turned else height, src_colorspace="BT2020",
                                 src_color_range="MPEG" if source_colour(info).range == "tv" else "JPEG",
                                 dst_color_range="JPEG")
    return np.rot90(plain, -(info.rotation // 90)) if info.rotation % 360 else plain


def compare(src: Path, out_dir: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The first kept frame at `SIZE`: the frame server's on the source, on the export, and untone-mapped."""
    info = probe(src)
    assert source_colour(info).hdr, f"{src.name} is not HDR"
    with FrameServer(info, use_proxy=False) as server:
        start = server.frame_times_ms[0]
        editor = server.frame_at(start, SIZE)
    end = min(info.duration_ms, start + 200)  # a few frames: only the first is compared
    result = export(info, start, end, "accurate", out_dir / f"{src.stem}.mp4", preset="ultrafast")
    out = result.output_info
    assert (out.color_primaries, out.color_transfer, out.color_matrix) == ("bt709", "bt709", "bt709")
    with FrameServer(out, use_proxy=False) as server:
        packed = server.frame_at(server.frame_times_ms[0], SIZE)
    return editor.image, packed.image, untone_mapped(src, editor.index, editor.image)


def pixel_difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def check(editor: np.ndarray, packed: np.ndarray, plain: np.ndarray) -> None:
    """The editor's frame has the package frame's mean colour, and is nearer to it pixel by pixel than the
    HDR signal read as SDR (what the editor showed before) is (HLG is made to look passable read as SDR, so on
    the real HLG clips that is only a little nearer)."""
    assert np.abs(mean_colour(editor) - mean_colour(packed)).max() < CLOSE, (mean_colour(editor), mean_colour(packed))
    near, far = pixel_difference(editor, packed), pixel_difference(plain, packed)
    assert near < far, (near, far)


@pytest.fixture(scope="module", params=["smpte2084", "arib-std-b67"])
def generated_hdr(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 10-bit H.264 portrait clip of testsrc2's bright colours, tagged BT.2020 with the PQ or HLG transfer."""
    transfer = request.param
    out = tmp_path_factory.getbasetemp() / f"hdr-{transfer}.mp4"

    def make(part: Path) -> None:
        tags = f"color_primaries=bt2020:color_trc={transfer}:colorspace=bt2020nc:range=tv"
        run_ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=360x640:r=10:d=2", "-vf",
                    f"format=yuv420p10le,setparams={tags}", "-c:v", "libx264", "-preset", "ultrafast",
                    "-profile:v", "high10", "-color_primaries", "bt2020", "-color_trc", transfer,
                    "-colorspace", "bt2020nc", str(part)], what=part, outputs=[part])

    return cached(out, make)


def test_generated_hdr_looks_in_the_editor_as_it_is_packed(generated_hdr: Path, tmp_path: Path) -> None:
    assert probe(generated_hdr).color_transfer in ("smpte2084", "arib-std-b67")
    editor, packed, plain = compare(generated_hdr, tmp_path)
    check(editor, packed, plain)
    assert np.abs(mean_colour(plain) - mean_colour(packed)).max() > APART
    assert pixel_difference(editor, packed) < pixel_difference(plain, packed) / 2


def real_hdr_clips() -> list[str]:
    from tests.conftest import real_media_dir

    facts = real_media_dir() / "facts.json"
    if not facts.is_file():
        return ["(no real media)"]
    files = json.loads(facts.read_text(encoding="utf-8"))["files"]
    return sorted(name for name, fact in files.items()
                  if fact.get("color_transfer") in ("smpte2084", "arib-std-b67"))


@pytest.mark.parametrize("name", real_hdr_clips())
def test_real_hdr_clip_looks_in_the_editor_as_it_is_packed(real_media: Path, tmp_path: Path, name: str) -> None:
    check(*compare(real_media / name, tmp_path))


def test_the_tone_map_looks_up_the_transfer_curves() -> None:
    """The frame server's tone map reads each 16-bit code's linear light from a table (`tonemap._nits_of_code`):
    the PQ and HLG curves' own values, 100 nits as 1.0."""
    from studio.core.colour import TONE_MAP
    from studio.media.tonemap import _nits_of_code

    pq, hlg = _nits_of_code(True), _nits_of_code(False)
    assert pq.shape == hlg.shape == (65536,)
    assert pq[0] == hlg[0] == 0.0
    assert pq[65535] == pytest.approx(100.0)  # PQ's top code is 10,000 nits
    assert hlg[32768] == pytest.approx(TONE_MAP.hlg_peak_nits / 100 * (32768 / 65535) ** 2 / 3, rel=1e-5)
    assert hlg[65535] == pytest.approx(TONE_MAP.hlg_peak_nits / 100, rel=1e-5)  # HLG's top code is its peak
    assert (np.diff(pq) >= 0).all() and (np.diff(hlg) >= 0).all()


@pytest.mark.parametrize(("transfer", "content_nits"), [("arib-std-b67", None), ("smpte2084", 1000.0)])
def test_the_tone_map_is_the_curves_written_out_within_a_level(transfer: str, content_nits: float | None) -> None:
    """The tone map reads the BT.709 transfer from a table of linear levels (`tonemap.LEVELS`): against the
    curves computed on every component, no code is more than one level off, and few are off at all."""
    from studio.core.colour import TONE_MAP
    from studio.media import tonemap

    rgb48 = np.random.default_rng(5).integers(0, 65536, (120, 200, 3), dtype=np.uint16)
    linear = tonemap._nits_of_code(transfer == "smpte2084")[rgb48].astype(np.float64) @ tonemap.BT2020_TO_BT709.T
    brightest = np.maximum(linear.max(axis=2, keepdims=True), 1e-6)
    linear *= tonemap._hable(brightest) / tonemap._hable(TONE_MAP.peak(content_nits)) / brightest
    written_out = np.round(tonemap._bt709_oetf(linear) * 255.0).astype(int)
    shown = tonemap.tone_map(rgb48, transfer, content_nits)
    assert shown.dtype == np.uint8 and shown.shape == rgb48.shape
    off = np.abs(shown.astype(int) - written_out)
    assert off.max() <= 1
    assert (off > 0).mean() < 0.005
    assert 0 < shown.mean() < 255  # neither all black nor all white
