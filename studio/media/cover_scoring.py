"""Cover suggestions: which frames of the trimmed range would make a good cover, scored 0..1 with reasons.

Holds: the sampling of candidate frames from a probed video (PyAV, downscaled by libswscale while decoding),
the measurements of one frame (`measure_frame`: sharpness as the variance of the Laplacian, exposure,
contrast, colourfulness, faces with OpenCV's bundled Haar cascade, and how much the picture changes in the
next moment), and the scoring of a set of measurements (`score_samples`), which is pure arithmetic so it is
tested on numbers. `suggest_covers` puts them together, off the GUI thread, with progress and cancel.
Must not hold: Qt, thumbnails for the UI (the panel asks the FrameServer for the chosen times), rules.

How it stays fast (goal: a 60 s 1080x1920 clip in about 1.5 s on 2 cores; tests/benchmarks/bench_cover.py):
- Candidates are the keyframes in the range (phones and encoders put one every 1-2 s, and at scene cuts),
  thinned evenly to `max_samples`. When the range has fewer than `MIN_KEYFRAMES`, evenly spaced frames are
  used instead (a short range or a long GOP), which costs a decode from the keyframe before each.
- The file is demuxed once from the range's first keyframe to its end, in decode order; only the packets
  needed to reach the wanted frames are handed to the decoder (the rest of each GOP is never decoded) and
  packets shown before the next wanted frame are decoded with `skip_frame = NONREF` as in
  `studio.media.frames`. Pictures are converted straight to `ANALYSIS_LONG_SIDE` px by libswscale.
- Each candidate is compared with a follow-up frame 100-400 ms later: for a keyframe, the first such frame
  after it in decode order (the next P-frame, one packet away); otherwise the frame `FOLLOW_MS` later. A
  fade changes the brightness of the whole picture while its shape stays, a cut changes the picture. That
  is how a keyframe at the very start of a fade-out, still bright itself, is caught.
- The candidates are split in two halves decoded in parallel (two containers, two threads: libavcodec and
  OpenCV release the GIL).
- Memory stays flat: only the measurements (numbers) of each candidate are kept, plus one small grey picture
  between a candidate and its follow-up frame.

The list shown: black frames never; among the candidates within 80 % of the best score, one per shot first
(an 8x8 RGB signature tells shots apart), then the rest by score; sorted best first.

Scoring (decisions; all numbers are on the analysis-size grey picture):
- Sharpness is relative to the clip: the Laplacian variance divided by the 75th percentile of the
  candidates' (a clip shot soft still gets a ranking); a candidate under 35 % of it is called blurry.
- Exposure: a frame whose mean luma is under 24 or that is 90 % near-black is black (score near 0); more
  than 40 % blown out (>= 250) is over-exposed.
- Contrast is the luma standard deviation (64 is full marks), colourfulness Hasler and Suesstrunk's metric
  (80 is full marks); faces add a bonus, the larger the better.
- Temporal: between a candidate and its follow-up, brightness changing by more than 6 % while the picture
  stays the same (normalised cross-correlation >= 0.6) is a fade; a grey histogram's Bhattacharyya
  distance over 0.35 with the correlation under 0.6 (or brightness jumping with it) is a cut. Candidates
  near such an event (closer than 1 s) lose up to a third of their score.
"""

from __future__ import annotations

import bisect
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import av
import cv2
import numpy as np

from studio.core.cancel import CancelToken, Progress, check
from studio.core.errors import QT_TRANSLATE_NOOP, InputError, MediaError
from studio.core.media_info import MediaInfo
from studio.media import faces
from studio.media.av_source import headers_suffice, open_video, time_base
from studio.media.frame_index import demux_video_packets, frame_packets, frame_times_ms
from studio.media.frames import fit_size, unrotated_display_size

ANALYSIS_LONG_SIDE = 480
MAX_SAMPLES = 48
MIN_KEYFRAMES = 8
DECODERS = 2
"""Parallel decoders, each on its own part of the candidates (this machine has 2 cores; x264 streams have
one slice per frame, so a single decoder does not use the second core without frame threading's delay)."""
MIN_PER_DECODER = 6
FOLLOW_MS = 200
MIN_FOLLOW_MS = 100
MAX_FOLLOW_MS = 400
FOLLOW_LOOKAHEAD = 6
MIN_SPACING_MS = 100
EVENT_RADIUS_MS = 1000
FADE_LUMA_CHANGE = 0.06
CUT_HIST_DISTANCE = 0.35
SAME_SHOT_CORRELATION = 0.6
BLACK_MEAN = 24.0
BLACK_FRACTION = 0.9
BLOWN_FRACTION = 0.4
BLURRY_RELATIVE = 0.35
SAME_SHOT_DIFFERENCE = 12.0
"""Mean difference (0..255) of two 8x8 RGB signatures under which two candidates show the same shot."""
DIVERSE_WITHIN = 0.8
FACE_LONG_SIDE = 320
FACE_SEARCHES = 12
"""Faces are looked for in the best this many candidates (at least twice the suggestions asked for)."""

Progress3 = Callable[[int, int, int], None]

_REASONS = {
    "sharp": QT_TRANSLATE_NOOP("cover", "sharp (detail {detail})"),
    "blurry": QT_TRANSLATE_NOOP("cover", "blurry (detail {detail})"),
    "black": QT_TRANSLATE_NOOP("cover", "black frame"),
    "dark": QT_TRANSLATE_NOOP("cover", "too dark"),
    "blown": QT_TRANSLATE_NOOP("cover", "blown out"),
    "exposed": QT_TRANSLATE_NOOP("cover", "well exposed"),
    "flat": QT_TRANSLATE_NOOP("cover", "flat, little contrast"),
    "contrast": QT_TRANSLATE_NOOP("cover", "good contrast"),
    "colourful": QT_TRANSLATE_NOOP("cover", "colourful"),
    "faces": QT_TRANSLATE_NOOP("cover", "{count} face(s)"),
    "fading": QT_TRANSLATE_NOOP("cover", "in a fade"),
    "cut": QT_TRANSLATE_NOOP("cover", "at a scene cut"),
    "near_event": QT_TRANSLATE_NOOP("cover", "{seconds} s from a cut or fade"),
    "steady": QT_TRANSLATE_NOOP("cover", "steady shot"),
}


@dataclass(frozen=True)
class Reason:
    """One reason behind a score: a stable code, an English template (context "cover") and its values."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def template(self) -> str:
        return _REASONS[self.code]

    @property
    def message(self) -> str:
        return self.template.format(**self.values)


@dataclass
class Sample:
    """The measurements of one candidate frame (numbers only; the picture is not kept)."""

    time_ms: int
    luma_mean: float
    luma_std: float
    dark_fraction: float
    blown_fraction: float
    laplacian: float
    colourfulness: float
    face_area: float = 0.0
    """Sum of the faces' areas as a fraction of the picture."""
    faces: int = 0
    luma_change: float = 0.0
    """|mean luma of the follow-up frame - this one's| / max(this one's, 16)."""
    hist_distance: float = 0.0
    """Bhattacharyya distance of the grey histograms of this frame and its follow-up."""
    correlation: float = 1.0
    """Normalised cross-correlation of this frame and its follow-up (a fade keeps it high, a cut drops it)."""
    signature: np.ndarray | None = field(default=None, repr=False, compare=False)
    """The picture shrunk to 8x8 RGB: two candidates of the same shot have nearly the same one."""
    face_picture: np.ndarray | None = field(default=None, repr=False, compare=False)
    """A small grey copy kept until faces are looked for (only the best candidates are searched)."""


@dataclass(frozen=True)
class Suggestion:
    """A suggested cover frame: its source time, its score (0..1) and the reasons, most telling first."""

    time_ms: int
    score: float
    reasons: tuple[Reason, ...]

    @property
    def black(self) -> bool:
        return any(r.code == "black" for r in self.reasons)

    def to_json(self) -> dict[str, Any]:
        """docs/cli.md's pinned `{time_ms, score, reasons}` (reasons as English strings) plus `reason_codes`."""
        return {"time_ms": self.time_ms, "score": round(self.score, 4), "reasons": [r.message for r in self.reasons],
                "reason_codes": [r.code for r in self.reasons]}


# -- measuring one frame ---------------------------------------------------------------------------------------

def face_detection_available() -> bool:
    return faces.available()


def _colourfulness(rgb: np.ndarray) -> float:
    """Hasler and Suesstrunk's colourfulness (0 for grey; about 100 for very colourful pictures)."""
    r, g, b = (rgb[..., i].astype(np.float32) for i in range(3))
    rg = r - g
    yb = 0.5 * (r + g) - b
    return float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean()))


def measure_frame(rgb: np.ndarray, time_ms: int) -> tuple[Sample, np.ndarray]:
    """The measurements of one (small) RGB picture, and its grey version for the follow-up comparison.

    Faces are not looked for here (`detect_faces` does it later for the best candidates only); a small grey
    copy for it is kept in the sample.
    """
    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    mean, std = cv2.meanStdDev(grey)
    pixels = grey.size
    height, width = grey.shape[:2]
    scale = min(FACE_LONG_SIDE / max(width, height), 1.0)
    small = cv2.resize(grey, (max(1, round(width * scale)), max(1, round(height * scale))),
                       interpolation=cv2.INTER_AREA) if scale < 1.0 else grey.copy()
    sample = Sample(
        time_ms=time_ms,
        luma_mean=float(mean[0, 0]),
        luma_std=float(std[0, 0]),
        dark_fraction=float(np.count_nonzero(grey < 20)) / pixels,
        blown_fraction=float(np.count_nonzero(grey >= 250)) / pixels,
        laplacian=float(cv2.Laplacian(grey, cv2.CV_32F).var()),
        colourfulness=_colourfulness(rgb),
        signature=cv2.resize(rgb, (8, 8), interpolation=cv2.INTER_AREA).astype(np.int16),
        face_picture=small,
    )
    return sample, grey


def detect_faces(sample: Sample) -> None:
    """Look for faces in the sample's small picture (then dropped); sets `faces` and `face_area`."""
    picture, sample.face_picture = sample.face_picture, None
    if picture is None or sample.luma_mean < BLACK_MEAN or sample.luma_std <= 8:
        return
    found = faces.find_faces(picture)
    sample.faces = len(found)
    sample.face_area = float(sum(int(w) * int(h) for _, _, w, h in found)) / picture.size if len(found) else 0.0


def _histogram(grey: np.ndarray) -> np.ndarray:
    hist = cv2.calcHist([grey], [0], None, [32], [0, 256])
    return cv2.normalize(hist, hist, 1.0, 0.0, cv2.NORM_L1)


def compare_follow_up(sample: Sample, grey: np.ndarray, follow_grey: np.ndarray) -> None:
    """Record how much the picture changes from `grey` to the frame `FOLLOW_MS` later (`follow_grey`)."""
    follow_mean = float(follow_grey.mean())
    sample.luma_change = abs(follow_mean - sample.luma_mean) / max(sample.luma_mean, 16.0)
    sample.hist_distance = float(cv2.compareHist(_histogram(grey), _histogram(follow_grey),
                                                 cv2.HISTCMP_BHATTACHARYYA))
    if grey.shape == follow_grey.shape and float(grey.std()) > 1 and float(follow_grey.std()) > 1:
        sample.correlation = float(cv2.matchTemplate(grey, follow_grey, cv2.TM_CCOEFF_NORMED)[0, 0])
    else:  # a flat picture on either side: only the brightness says anything
        sample.correlation = 1.0 if sample.hist_distance <= CUT_HIST_DISTANCE else 0.0


# -- scoring -------------------------------------------------------------------------------------------------


def _clamp(value: float) -> float:
    return min(max(value, 0.0), 1.0)


def score_samples(samples: Sequence[Sample]) -> list[Suggestion]:
    """Every sample scored 0..1 with its reasons, best first (ties: earlier first)."""
    if not samples:
        return []
    lit = [s.laplacian for s in samples if s.luma_mean >= BLACK_MEAN] or [s.laplacian for s in samples]
    reference = max(float(np.percentile(lit, 75)), 1.0)
    events = sorted(s.time_ms for s in samples if _event(s))
    scored = []
    for s in samples:
        reasons: list[Reason] = []
        penalty = 1.0
        sharp = _clamp(s.laplacian / reference)
        detail = round(s.laplacian)
        if sharp < BLURRY_RELATIVE:
            reasons.append(Reason("blurry", {"detail": detail}))
            penalty *= 0.3
        elif sharp >= 0.8:
            reasons.append(Reason("sharp", {"detail": detail}))
        if s.luma_mean < BLACK_MEAN or s.dark_fraction >= BLACK_FRACTION:
            scored.append(Suggestion(s.time_ms, 0.01 * _clamp(s.luma_mean / BLACK_MEAN), (Reason("black"),)))
            continue
        elif s.blown_fraction >= BLOWN_FRACTION:
            exposure = 0.2
            reasons.append(Reason("blown"))
            penalty *= 0.4
        else:
            exposure = _clamp(1.0 - max(s.dark_fraction, s.blown_fraction) * 1.5) * _clamp(s.luma_mean / 60)
            if exposure < 0.5:
                reasons.append(Reason("dark"))
            elif exposure > 0.85:
                reasons.append(Reason("exposed"))
        contrast = _clamp(s.luma_std / 64)
        colour = _clamp(s.colourfulness / 80)
        if contrast < 0.25 and s.luma_mean >= BLACK_MEAN:
            reasons.append(Reason("flat"))
        elif contrast > 0.7:
            reasons.append(Reason("contrast"))
        if colour > 0.6:
            reasons.append(Reason("colourful"))
        face = _clamp(0.5 + s.face_area * 10) if s.faces else 0.0
        if s.faces:
            reasons.append(Reason("faces", {"count": s.faces}))
        if s.luma_change > FADE_LUMA_CHANGE and s.correlation >= SAME_SHOT_CORRELATION:
            reasons.insert(0, Reason("fading"))
            penalty *= 0.25
        elif _event(s):
            reasons.insert(0, Reason("cut"))
            penalty *= 0.3
        else:
            distance = _distance_to_event(events, s.time_ms)
            if distance < EVENT_RADIUS_MS:
                reasons.append(Reason("near_event", {"seconds": round(distance / 1000, 1)}))
                penalty *= 1.0 - (1.0 - distance / EVENT_RADIUS_MS) / 3
            elif s.luma_change < 0.02 and s.hist_distance < 0.1:
                reasons.append(Reason("steady"))
        quality = 0.40 * sharp + 0.25 * exposure + 0.12 * contrast + 0.10 * colour + 0.13 * face
        scored.append(Suggestion(s.time_ms, _clamp(quality * penalty), tuple(reasons)))
    scored.sort(key=lambda x: (-x.score, x.time_ms))
    return scored


def _event(s: Sample) -> bool:
    """A fade (brightness changes, same picture) or a cut (another picture) within `FOLLOW_MS` of `s`."""
    if s.luma_change > FADE_LUMA_CHANGE:
        return True
    return s.hist_distance > CUT_HIST_DISTANCE and s.correlation < SAME_SHOT_CORRELATION


def _distance_to_event(events: Sequence[int], t_ms: int) -> float:
    i = bisect.bisect_left(events, t_ms)
    near = [abs(events[j] - t_ms) for j in (i - 1, i) if 0 <= j < len(events)]
    return float(min(near)) if near else float("inf")


# -- sampling the video --------------------------------------------------------------------------------------


def _pick_evenly(items: Sequence[int], count: int) -> list[int]:
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(i * step + step / 2)] for i in range(count)]


def _plan(times: Sequence[int], keys: Sequence[int], decode_order: Sequence[int], start_ms: int, end_ms: int,
          max_samples: int) -> tuple[list[int], dict[int, int]]:
    """Frame indices of the candidates and, for each, the index of its follow-up frame.

    `decode_order` lists the frame indices in file (decode) order. A keyframe's follow-up is the first
    frame after it in decode order shown `MIN_FOLLOW_MS` to `MAX_FOLLOW_MS` later: with B-frames that is
    the next P-frame, which decodes from the keyframe alone, so a follow-up costs one or two packets.
    """
    first = bisect.bisect_left(times, start_ms)
    last = bisect.bisect_left(times, end_ms)
    if first >= last:
        return [], {}
    keys_in = [k for k in keys if first <= k < last]
    if len(keys_in) >= MIN_KEYFRAMES:
        chosen = _pick_evenly(keys_in, max_samples)
    else:
        count = min(max_samples, max(1, (times[last - 1] - times[first]) // MIN_SPACING_MS + 1))
        chosen = sorted(set(_pick_evenly(range(first, last), count)))
    position = {index: pos for pos, index in enumerate(decode_order)}
    key_set = set(keys)
    follow = {}
    for i in chosen:
        j = None
        if i in key_set:
            for k in decode_order[position[i] + 1:position[i] + 1 + FOLLOW_LOOKAHEAD]:
                if times[i] + MIN_FOLLOW_MS <= times[k] <= times[i] + MAX_FOLLOW_MS:
                    j = k
                    break
        if j is None:
            j = min(bisect.bisect_left(times, times[i] + FOLLOW_MS), len(times) - 1)
        if j > i:
            follow[i] = j
    return chosen, follow


_TURN = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def _small_rgb(frame: Any, size: tuple[int, int], rotation: int) -> np.ndarray:
    """The frame as RGB at `size` (before rotation), area-averaged by libswscale, then turned upright.

    Like `frames.to_display_rgb`, but with area averaging, which keeps fine detail honest when a 1080p frame
    shrinks four times (the default bicubic sharpens a little) and costs about the same.
    """
    width, height = size
    image = frame.to_ndarray(format="rgb24", width=width, height=height, interpolation="AREA")
    turn = _TURN.get(rotation % 360)
    return cv2.rotate(image, turn) if turn is not None else np.ascontiguousarray(image)


def _analysis_size(info: MediaInfo) -> tuple[int, int]:
    """(w, h) before rotation of the pictures measured: the display size fitted inside the analysis square."""
    dw, dh = unrotated_display_size(info)
    return fit_size(dw, dh, (ANALYSIS_LONG_SIDE, ANALYSIS_LONG_SIDE))


def sample_frames(info: MediaInfo, start_ms: int, end_ms: int, *, max_samples: int = MAX_SAMPLES,
                  progress: Progress | None = None, cancel: CancelToken | None = None) -> list[Sample]:
    """Measure the candidate frames of `[start_ms, end_ms)` of the probed video `info` (see the module doc)."""
    path = info.path
    container, stream = open_video(path, headers_only=headers_suffice(info))  # no picture decoded to probe
    try:
        with container:
            packets, _damaged = demux_video_packets(container, stream, os.path.getsize(path))
            frames = frame_packets(packets, stream, info.interlaced)
            times = frame_times_ms(frames, time_base(stream, path), container.start_time or 0)
            pts_list = [pts for pts, _ in frames]
            keys = [i for i, (_, key) in enumerate(frames) if key]
            index_of = {pts: i for i, pts in enumerate(pts_list)}
            decode_order = [index_of[pts] for pts, _ in packets if pts in index_of]
        chosen, follow = _plan(times, keys, decode_order, start_ms, end_ms, max_samples)
        if not chosen:
            return []
        parts = min(DECODERS, max(1, len(chosen) // MIN_PER_DECODER))
        size = -(-len(chosen) // parts)
        chunks = [chosen[i:i + size] for i in range(0, len(chosen), size)]
        report = _shared_progress(progress, len(chunks))

        def run(part: int, chunk: list[int]) -> list[Sample]:
            container, stream = open_video(path, headers_only=headers_suffice(info))
            with container:
                return _decode_and_measure(container, stream, info, pts_list, times, keys, chunk,
                                           {i: follow[i] for i in chunk if i in follow},
                                           progress=lambda done, total: report(part, done, total), cancel=cancel)

        if len(chunks) == 1:
            return run(0, chunks[0])
        with ThreadPoolExecutor(max_workers=len(chunks), thread_name_prefix="cover-scoring") as pool:
            futures = [pool.submit(run, part, chunk) for part, chunk in enumerate(chunks)]
            results = [f.result() for f in futures]
        return [sample for result in results for sample in result]
    except av.error.FFmpegError as exc:
        raise MediaError(QT_TRANSLATE_NOOP("errors", "the video cannot be decoded: {detail}"), path,
                         code="undecodable", detail=exc.strerror or str(exc)) from None


def _shared_progress(progress: Progress | None, parts: int) -> Progress3:
    """A progress callback for `parts` decoders: each reports its own (done, total); `progress` gets the sums."""
    lock = threading.Lock()
    done_by = [0] * parts
    total_by = [0] * parts

    def report(part: int, done: int, total: int) -> None:
        if progress is None:
            return
        with lock:
            done_by[part], total_by[part] = done, total
            progress(sum(done_by), sum(total_by))

    return report


def _decode_and_measure(container: Any, stream: Any, info: MediaInfo, pts_list: Sequence[int],
                        times: Sequence[int], keys: Sequence[int], chosen: Sequence[int], follow: dict[int, int],
                        *, progress: Progress | None, cancel: CancelToken | None) -> list[Sample]:
    """Decode just enough of the file to measure the `chosen` frames and compare each with its follow-up.

    Slice threads, not frame threads: frame threading holds several frames back, so reaching a follow-up
    one packet away would cost decoding a few more.
    """
    stream.thread_type = "SLICE"
    codec = stream.codec_context
    droppable = not info.interlaced and codec.name in ("h264", "hevc")
    wanted = sorted({*chosen, *follow.values()})
    index_of_pts = {pts_list[i]: i for i in wanted}
    chosen_set = set(chosen)
    parents: dict[int, list[int]] = {}
    for i, j in follow.items():
        parents.setdefault(j, []).append(i)
    size = _analysis_size(info)
    samples: dict[int, Sample] = {}
    greys: dict[int, np.ndarray] = {}
    obtained: set[int] = set()
    position = 0  # index into `wanted` of the next frame still to get

    def keyframe_pts_for(index: int) -> int | None:
        """pts of the keyframe to decode frame `index` from; None: from the file's start (frames shown
        before the first keyframe: open-GOP leading pictures, or an edit list that starts mid-GOP)."""
        k = bisect.bisect_right(keys, index) - 1
        return pts_list[keys[k]] if k >= 0 else None

    def take(frame: Any) -> None:
        nonlocal position
        index = index_of_pts.get(frame.pts) if frame.pts is not None else None
        if index is None or index in obtained:
            return
        obtained.add(index)
        rgb = _small_rgb(frame, size, info.rotation)
        grey = None
        if index in chosen_set:
            samples[index], grey = measure_frame(rgb, times[index])
            if index in follow:
                greys[index] = grey
        for parent in parents.get(index, ()):
            parent_grey = greys.pop(parent, None)
            if parent_grey is not None:
                if grey is None:
                    grey = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
                compare_follow_up(samples[parent], parent_grey, grey)
        while position < len(wanted) and wanted[position] in obtained:
            position += 1
        if progress:
            progress(len(obtained), len(wanted))

    first_key = keyframe_pts_for(wanted[0])
    if first_key is not None:
        container.seek(first_key, stream=stream, backward=True)
    feeding = True
    fed_key: int | None = None
    for packet in container.demux(stream):
        check(cancel, info.path)
        if position >= len(wanted):
            break
        if packet.pts is None or not packet.size:
            continue
        target_pts = pts_list[wanted[position]]
        start_pts = keyframe_pts_for(wanted[position])
        if not feeding:
            # the rest of a GOP with nothing wanted in it is never decoded: wait for the next needed keyframe
            if not (packet.is_keyframe and start_pts is not None and start_pts <= packet.pts <= target_pts):
                continue
            feeding = True
        if packet.is_keyframe:
            fed_key = packet.pts
        skip = droppable and packet.pts < target_pts and packet.pts not in index_of_pts
        codec.skip_frame = "NONREF" if skip else "DEFAULT"
        for frame in packet.decode():
            take(frame)
        # nothing more of this GOP is needed when the next wanted frame decodes from a later keyframe
        # (compared with the keyframe fed last, not with this packet: leading B-frames of an open GOP come
        # after their keyframe in decode order but are shown before it)
        next_key = keyframe_pts_for(wanted[position]) if position < len(wanted) else None
        if next_key is not None and (fed_key is None or next_key > fed_key):
            feeding = False
    codec.skip_frame = "DEFAULT"
    if position < len(wanted):
        for frame in codec.decode(None):
            take(frame)
    return [samples[i] for i in chosen if i in samples]


def suggest_covers(info: MediaInfo, count: int = 5, start_ms: int | None = None, end_ms: int | None = None, *,
                   max_samples: int = MAX_SAMPLES, progress: Progress | None = None,
                   cancel: CancelToken | None = None) -> list[Suggestion]:
    """The best `count` cover frames of `[start_ms, end_ms)` (default: the whole video), best first.

    A black frame is never suggested: a range that is black throughout gets an empty list.
    """
    start = 0 if start_ms is None else start_ms
    end = info.duration_ms if end_ms is None else end_ms
    if count < 1:
        raise InputError(QT_TRANSLATE_NOOP("errors", "ask for at least one suggestion, not {count}"), info.path,
                         code="usage", count=count)
    if end <= start:
        raise InputError(QT_TRANSLATE_NOOP("errors", "the range {start_ms}–{end_ms} ms is empty"), info.path,
                         code="empty_range", start_ms=start, end_ms=end)
    samples = sample_frames(info, start, end, max_samples=max_samples, progress=progress, cancel=cancel)
    by_time = {s.time_ms: s for s in samples}
    for suggestion in score_samples(samples)[:max(FACE_SEARCHES, 2 * count)]:
        check(cancel, info.path)
        detect_faces(by_time[suggestion.time_ms])
    for sample in samples:
        sample.face_picture = None
    return pick_diverse([s for s in score_samples(samples) if not s.black], by_time, count)


def _same_shot(a: Sample, b: Sample) -> bool:
    if a.signature is None or b.signature is None:
        return False
    return float(np.abs(a.signature - b.signature).mean()) < SAME_SHOT_DIFFERENCE


def pick_diverse(scored: Sequence[Suggestion], samples: dict[int, Sample], count: int) -> list[Suggestion]:
    """The `count` suggestions to show, best first: among those scoring within `DIVERSE_WITHIN` of the best,
    one per shot comes first (five frames of one slow pan are one choice, not five); the rest fill up by score.
    """
    if not scored:
        return []
    floor = scored[0].score * DIVERSE_WITHIN
    picked: list[Suggestion] = []
    for s in scored:
        if s.score < floor or len(picked) == count:
            break
        if not any(_same_shot(samples[s.time_ms], samples[p.time_ms]) for p in picked):
            picked.append(s)
    chosen = {p.time_ms for p in picked}
    picked += [s for s in scored if s.time_ms not in chosen][:count - len(picked)]
    return sorted(picked, key=lambda x: (-x.score, x.time_ms))
