"""What the follow reframe follows: the faces seen over a range of a video, sampled, in display pixels.

Holds: `seen_faces` (frames of `[start_ms, end_ms)` at `sample_times`, decoded small by the frame server and
searched by the one face detector, `studio.media.faces`) and `plan_follow` (those faces plus the tagged
products, `core.reframe.KeptProduct`, made into the window's path by `core.reframe.follow_path`; a project's
products come from `jobs.follow_plan`, the one way a project's export, pack, the editor and the CLI plan it).
Must not hold: the path (`core.reframe`), the graph (`media.reframe_graph`), where a popup's product is
(`jobs.follow_plan`), Qt.

Faces are looked for at the keyframes, and between keyframes further apart than `MAX_GAP_MS` at evenly spaced
times too: a keyframe is one decode after a seek, a frame between two is the decode of every reference frame
before it. Sampling every 500 ms cost 18 s of decoding and 3 s of detection for a minute of 1080p with 2 s
GOPs on the loaded 2-core machine (tests/benchmarks/bench_follow.py), sampling at its keyframes under 2 s; the
path is smoothed over 1.6 s and a face counts 0.6 s either side, so a face every 2 s still steers it, and
the tagged products, which must never be cut, come at the finder's own rate."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from studio.core.cancel import CancelToken, check
from studio.core.media_info import MediaInfo
from studio.core.reframe import FollowPath, KeptProduct, SeenBox, follow_path
from studio.media.faces import face_boxes
from studio.media.frames import FrameServer

MAX_GAP_MS = 2_000
LONG_SIDE = 480


def sample_times(keyframes_ms: Sequence[int], start_ms: int, end_ms: int, max_gap_ms: int = MAX_GAP_MS) -> list[int]:
    """`start_ms`, the keyframes inside `(start_ms, end_ms)`, and evenly spaced times where two of those are
    more than `max_gap_ms` apart (also before `end_ms`)."""
    anchors = sorted({start_ms, *(k for k in keyframes_ms if start_ms < k < end_ms)})
    times: list[int] = []
    for a, b in itertools.pairwise([*anchors, end_ms]):
        parts = max(1, -(-(b - a) // max_gap_ms))
        times += [a + (b - a) * i // parts for i in range(parts)]
    return times


def seen_faces(server: FrameServer, start_ms: int, end_ms: int, *,
               cancel: CancelToken | None = None) -> list[SeenBox]:
    """Every face seen over `[start_ms, end_ms)` in the frames at `sample_times`, in display pixels."""
    info = server.info
    w, h = info.display_width, info.display_height
    scale = min(1.0, LONG_SIDE / max(w, h))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    found: list[SeenBox] = []
    for t in sample_times(server.keyframe_times_ms, start_ms, end_ms):
        check(cancel, info.path)
        frame = server.frame_at(t, size)
        for x0, y0, x1, y1 in face_boxes(frame.image):
            found.append(SeenBox(frame.time_ms, round(x0 * w), round(y0 * h), round((x1 - x0) * w),
                                 round((y1 - y0) * h)))
    return found


def plan_follow(info: MediaInfo, start_ms: int, end_ms: int, products: Sequence[KeptProduct] = (), *,
                faces: Sequence[SeenBox] | None = None, cancel: CancelToken | None = None) -> FollowPath:
    """The follow window's path for `info`'s picture, after the faces seen over `[start_ms, end_ms)` (`faces`
    when the caller has them already) and holding the `products` whole while their cards show."""
    if faces is None:
        with FrameServer(info) as server:
            faces = seen_faces(server, start_ms, end_ms, cancel=cancel)
    return follow_path(faces, info.duration_ms, info.display_width, info.display_height, products)
