"""`studio export --fit follow`: the 9:16 window follows the faces seen in the range. The clip is made from a real
photo (immich's craft-beer picture) cut to 1280x720 with the face right of the centre (x 868-1076): the centre
crop (x 438-842) cuts it away, the follow window holds it."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest

from studio.cli import main
from studio.media.faces import face_boxes
from tests.media_fixtures import cached
from tests.still_fixtures import still_clip

START, END, AT = 500, 3_500, 2_000
"""The range exported and a source time inside it."""


@pytest.fixture
def face_right(real_media: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.getbasetemp() / "face-right-of-centre.mp4"

    def make(part: Path) -> None:
        still_clip(part, [real_media / "immich__craft-beer.jpg"], "[0]crop=4000:2250:0:400,scale=1280:720,setsar=1",
                   seconds=4)

    return cached(out, make)


def face_at(path: Path, output_ms: int) -> list[tuple[float, float, float, float]]:
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            if frame.time is not None and frame.time * 1000 >= output_ms:
                return face_boxes(frame.to_ndarray(format="rgb24"))
    raise AssertionError(f"{path} ends before {output_ms} ms")


def test_export_follow_keeps_the_face_the_centre_crop_cuts(face_right: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    src = face_right
    faces = {}
    for fit in ("follow", "crop"):
        out = tmp_path / f"{fit}.mp4"
        assert main(["export", str(src), "--start", str(START), "--end", str(END), "--mode", "accurate",
                     "--fit", fit, "-o", str(out), "--json"]) == 0
        result = json.loads(capsys.readouterr().out)
        assert result["output"] == str(out) and result["actual"]["start_ms"] == START
        with av.open(str(out)) as container:
            stream = container.streams.video[0]
            assert (stream.width, stream.height) == (1080, 1920)
        faces[fit] = face_at(out, AT - START)
    assert len(faces["follow"]) == 1, faces
    x0, _, x1, _ = faces["follow"][0]
    assert 0.05 < x0 < x1 < 0.95  # whole, with room on both sides
    assert faces["crop"] == []  # the centre crop cut it away


def test_export_names_the_fits_it_takes(face_right: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(face_right), "--start", "0", "--end", "1000", "--fit", "wander",
                 "-o", str(tmp_path / "x.mp4")]) == 2
    assert "'pad', 'crop', 'follow'" in capsys.readouterr().err
    assert not (tmp_path / "x.mp4").exists()
