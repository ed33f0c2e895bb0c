"""The export's ffmpeg graphs, read back from the compiled argv: which input feeds which filter, with what options.

The argv is parsed as ffmpeg parses it (chains split on `;` and `,`, options on `:`, backslash escapes), and each
`-map` is traced back through the graph to the input it starts from, so the checks hold whatever labels
ffmpeg-python picks. What the graphs do to real sound and pictures is tested by test_audio_mix.py,
test_loudness.py and test_export.py; one graph here is also run by ffmpeg, the follow reframe of an HDR source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from studio.core.platform_profile import is_hdr
from studio.core.reframe import FollowPath
from studio.media.audio_mix import AudioMix
from studio.media.export import accurate_args, copy_args, plan_export
from studio.media.loudness import Measured, loudnorm_filters
from studio.media.probe import probe
from studio.media.reframe_graph import crop_x_expression
from studio.media.runner import run_ffmpeg

MEASURED = Measured(input_i=-20.5, input_tp=-3.2, input_lra=5.1, input_thresh=-31.0, target_offset=0.3)


def _split(text: str, separators: str) -> list[str]:
    """`text` split on the unescaped `separators` (the backslashes stay for the next level)."""
    parts: list[str] = []
    current, escaped = "", False
    for char in text:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            current, escaped = current + char, True
        elif char in separators:
            parts, current = [*parts, current], ""
        else:
            current += char
    return [*parts, current]


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@dataclass
class Node:
    """One filter of the graph: its name, positional and named options, and what feeds it."""

    name: str
    args: list[str]
    options: dict[str, str]
    inputs: list[str]


@dataclass
class Command:
    inputs: list[tuple[dict[str, str], str]]
    """(options, file) of each `-i`, in order."""
    nodes: dict[str, Node]
    """Each filter by the label of its output (chains get labels of their own between filters)."""
    maps: list[str]
    argv: list[str]

    def trace(self, label: str) -> tuple[str, list[Node]]:
        """The input stream (`N:spec`) `label` starts from, following each filter's first input, and the filters
        on the way, first to last."""
        path: list[Node] = []
        while label in self.nodes:
            node = self.nodes[label]
            path.insert(0, node)
            label = node.inputs[0]
        return label, path

    def input_file(self, stream: str) -> str:
        return self.inputs[int(stream.split(":")[0])][1]

    def option(self, name: str) -> str:
        return self.argv[self.argv.index(name) + 1]


def parse(argv: list[str]) -> Command:
    inputs: list[tuple[dict[str, str], str]] = []
    pending: dict[str, str] = {}
    i = 0
    while "-i" in argv[i:]:  # input options come in pairs, each `-i FILE` closes one input
        if argv[i] == "-i":
            inputs.append((pending, argv[i + 1]))
            pending = {}
        else:
            pending[argv[i]] = argv[i + 1]
        i += 2
    nodes: dict[str, Node] = {}
    graph = argv[argv.index("-filter_complex") + 1] if "-filter_complex" in argv else ""
    for number, chain in enumerate(_split(graph, ";") if graph else []):
        match = re.fullmatch(r"((?:\[[^\]]+\])*)(.*?)((?:\[[^\]]+\])*)", chain)
        assert match is not None, chain
        feeds = re.findall(r"\[([^\]]+)\]", match.group(1))
        outs = re.findall(r"\[([^\]]+)\]", match.group(3))
        filters = _split(match.group(2), ",")
        for step, text in enumerate(filters):
            name, _, arguments = _unescape(text).partition("=")
            args, options = [], {}
            for part in _split(arguments, ":") if arguments else []:
                key, equals, value = part.partition("=")
                if equals and re.fullmatch(r"\w+", key):
                    options[key] = _unescape(value)
                else:
                    args.append(_unescape(part))
            last = step == len(filters) - 1
            labels = outs if last else [f"chain{number}.{step}"]
            node = Node(name, args, options, feeds)
            for label in labels:
                nodes[label] = node
            feeds = labels
    maps = [argv[i + 1].strip("[]") for i, arg in enumerate(argv) if arg == "-map"]
    return Command(inputs, nodes, maps, argv)


@pytest.fixture(scope="module")
def landscape(clip):
    return probe(clip(seconds=4.0, width=320, height=180, fps=25, gop=25), keyframes=True)


@pytest.fixture(scope="module")
def music(clip) -> Path:
    return clip(seconds=6.0, width=64, height=64)  # its 440 Hz tone is the music


def test_music_is_ducked_faded_and_mixed_under_the_normalised_original(landscape, music, tmp_path: Path) -> None:
    plan = plan_export(landscape, 0, 3000, "accurate")
    mix = AudioMix(music=music, music_gain_db=-6.0, duck_db=-10.0, fade_in_ms=100, fade_out_ms=500,
                   speech=((0.0, 1.2), (2.0, 2.5)))
    command = parse(accurate_args(landscape, plan, tmp_path / "out.mp4", fit="pad", keep_metadata=False,
                                  preset="ultrafast", loudnorm=loudnorm_filters(MEASURED, 48_000), mix=mix))
    video, audio = command.maps
    source, _ = command.trace(video)
    assert source == f"0:{plan.frames.stream_index}" and command.input_file(source) == landscape.path

    mixer = command.nodes[audio]
    assert mixer.name == "amix"
    assert mixer.options == {"inputs": "2", "duration": "first", "normalize": "0"}  # the original keeps its level

    original, steps = command.trace(mixer.inputs[0])
    assert original == "0:a:0" and command.input_file(original) == landscape.path
    names = [node.name for node in steps]
    assert names[-1] == "apad" and names.index("aresample") < names.index("loudnorm")
    loudnorm = steps[names.index("loudnorm")]
    assert float(loudnorm.options["measured_I"]) == MEASURED.input_i and loudnorm.options["linear"] == "true"
    assert steps[names.index("loudnorm") + 1].name == "aresample", "back to 48 kHz after loudnorm's 192 kHz"

    tune, steps = command.trace(mixer.inputs[1])
    assert tune.endswith(":a:0") and command.input_file(tune) == str(music.absolute())
    by_name: dict[str, list[Node]] = {}
    for node in steps:
        by_name.setdefault(node.name, []).append(node)
    gain, duck = by_name["volume"]
    assert gain.args == ["-6.0dB"]
    assert duck.options["eval"] == "frame", "the ducking level is evaluated per frame, not once"
    expression = duck.args[0]
    assert "between(t,0.000,1.200)" in expression and "between(t,2.000,2.500)" in expression
    assert f"{10 ** (-10 / 20):.6f}" in expression
    fade_in, fade_out = by_name["afade"]
    assert (fade_in.options["t"], float(fade_in.options["st"]), float(fade_in.options["d"])) == ("in", 0.0, 0.1)
    assert (fade_out.options["t"], float(fade_out.options["d"])) == ("out", 0.5)
    assert float(fade_out.options["st"]) == pytest.approx(plan.duration_ms / 1000 - 0.5, abs=0.001)
    assert steps[-1].name == "apad", "the music never ends before the picture"


def test_muted_sound_is_silence_that_never_reads_the_original(landscape, music, tmp_path: Path) -> None:
    plan = plan_export(landscape, 0, 2000, "accurate")
    command = parse(accurate_args(landscape, plan, tmp_path / "out.mp4", fit="crop", keep_metadata=False,
                                  preset="ultrafast", mix=AudioMix(mute=True)))
    silence, _ = command.trace(command.maps[1])
    options, source = command.inputs[int(silence.split(":")[0])]
    assert options.get("-f") == "lavfi" and source.startswith("anullsrc=") and "sample_rate=48000" in source
    read = [node.inputs[0] for node in command.nodes.values()]
    assert not [stream for stream in read if stream.startswith("0:a")]


def test_copy_maps_the_video_packets_untouched(landscape, tmp_path: Path) -> None:
    plan = plan_export(landscape, 1000, 3000, "copy")
    command = parse(copy_args(landscape, plan, tmp_path / "out.mp4", keep_metadata=True))
    video, audio = command.maps
    assert video == f"0:{plan.frames.stream_index}" and video not in command.nodes, "no filter on copied packets"
    assert command.option("-c:v") == "copy" and command.option("-frames:v") == str(plan.frame_count)
    assert command.trace(audio)[0] == "0:a:0"
    assert command.inputs[0] == ({"-ss": plan.frames.seek_arg(plan.first)}, landscape.path)
    assert command.option("-map_metadata") == "0", "the metadata comes from input 0, the source"


def test_follow_reframe_of_an_hdr_source_tone_maps_then_crops_along_the_path(clip, tmp_path: Path) -> None:
    hdr = probe(clip(seconds=1.0, width=320, height=180, fps=25, gop=25, audio=False, extra=(
        "-vf", "setparams=color_primaries=bt2020:color_trc=smpte2084:colorspace=bt2020nc")), keyframes=True)
    assert is_hdr(hdr)
    path = FollowPath(window_width=101, picture_width=320, points=((0, 0), (400, 200), (800, 100)))
    plan = plan_export(hdr, 0, 800, "accurate")
    out = tmp_path / "follow.mp4"
    args = accurate_args(hdr, plan, out, fit="follow", follow=path, keep_metadata=False, preset="ultrafast")
    command = parse(args)
    _, steps = command.trace(command.maps[0])
    names = [node.name for node in steps]
    assert names.index("tonemap") < names.index("crop") < names.index("scale")
    assert steps[names.index("tonemap")].options == {"tonemap": "hable", "desat": "0"}
    crop = steps[names.index("crop")]
    assert crop.args[:2] == ["iw/320*101", "ih"]  # the window is cut first, then scaled
    assert crop_x_expression(path, plan.start_ms) in crop.options["x"]
    assert steps[names.index("scale")].args[:2] == ["1080", "1920"]
    assert names[-1] == "setparams"
    run_ffmpeg(args, what=out, timeout=300)  # ffmpeg takes the graph as it is written
    assert out.stat().st_size > 0
