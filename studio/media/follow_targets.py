"""What the follow reframe follows: the faces seen over a range of a video, sampled, in display pixels.

Holds: `seen_faces` (frames every `EVERY_MS` of `[start_ms, end_ms)`, decoded small by the frame server and
searched by the one face detector, `studio.media.faces`) and `plan_follow` (those faces plus the tagged
products' boxes made into the window's path by `core.reframe.follow_path`: the one way the editor, a project's
export and `studio export --fit follow` plan it). The finder's product boxes come from
`core.finder_windows` (`TimedBox`), turned into `core.reframe.SeenBox` by the caller.
Must not hold: the path (`core.reframe`), the graph (`media.reframe_graph`), Qt.
"""

from __future__ import annotations

from collections.abc import Sequence

from studio.core.cancel import CancelToken, check
from studio.core.finder_windows import TimedBox
from studio.core.media_info import MediaInfo
from studio.core.reframe import FollowPath, SeenBox, follow_path
from studio.media.faces import face_boxes
from studio.media.frames import FrameServer

EVERY_MS = 500
LONG_SIDE = 480


def seen_faces(server: FrameServer, start_ms: int, end_ms: int, *, every_ms: int = EVERY_MS,
               cancel: CancelToken | None = None) -> list[SeenBox]:
    """Every face seen in frames every `every_ms` over `[start_ms, end_ms)`, in display pixels."""
    info = server.info
    w, h = info.display_width, info.display_height
    scale = min(1.0, LONG_SIDE / max(w, h))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    found: list[SeenBox] = []
    for t in range(start_ms, end_ms, every_ms):
        check(cancel, info.path)
        for x0, y0, x1, y1 in face_boxes(server.frame_at(t, size).image):
            found.append(SeenBox(t, round(x0 * w), round(y0 * h), round((x1 - x0) * w), round((y1 - y0) * h)))
    return found


def product_boxes(boxes: list[TimedBox]) -> list[SeenBox]:
    """The finder's boxes of a tagged product as boxes the window must keep."""
    return [SeenBox(b.t_ms, b.x, b.y, b.w, b.h, product=True) for b in boxes]


def plan_follow(info: MediaInfo, start_ms: int, end_ms: int, products: Sequence[SeenBox] = (), *,
                cancel: CancelToken | None = None) -> FollowPath:
    """The follow window's path for `info`'s picture, after the faces seen over `[start_ms, end_ms)` and the
    `products` (kept inside the window)."""
    with FrameServer(info) as server:
        faces = seen_faces(server, start_ms, end_ms, cancel=cancel)
    return follow_path([*faces, *products], info.duration_ms, info.display_width, info.display_height)
