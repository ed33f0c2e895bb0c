"""The project model: what a creator is making, as plain dataclasses.

Holds: the reference to the source video, the trim, the cover choice, the product popups (with the product
facts copied at tag time, and where the finder saw the product), the linked store applet, the post text and
the sound (mute, loudness, music).
Times are integer milliseconds on the SOURCE timeline, ranges are `[start, end)` (docs/time.md);
positions and crops are floats normalised to 0..1.

Must not hold: rules (whether a popup, a trim or an applet link is valid is decided by the rule modules in
`core`), file I/O (`project_file`, `media_ref`, `recovery`), Qt objects, open media handles, anything that a
probe of the media can tell again (duration, frame times), and never a secret: project files travel to
merchants and reviewers.

Every field that has a sensible default has one, so later versions can add fields without breaking callers.
The JSON layout is exactly these field names (see `project_file` and resources/schema/project.schema.json).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from studio.core.finder_windows import TimedBox
from studio.core.platform_profile import Fit

CURRENT_SCHEMA_VERSION = 6
"""The `schema_version` this app writes (and the newest it can read)."""

CoverAspect = Literal["3:4", "9:16"]
COVER_ASPECTS: tuple[CoverAspect, ...] = ("3:4", "9:16")

PopupStyle = Literal["card", "compact"]
POPUP_STYLES: tuple[PopupStyle, ...] = ("card", "compact")


def new_id() -> str:
    """A fresh random id (uuid4, 32 lowercase hex digits)."""
    return uuid.uuid4().hex


@dataclass(kw_only=True)
class MediaRef:
    """A file the project uses, found again by path and recognised by size and content hash.

    `relative_path` is relative to the project file's folder with `/` separators, or None when there is no
    relative way there (another drive, or the project was never saved). `content_hash` is
    `media_ref.content_hash()` of the file; empty only for references migrated from files that did not
    record one.
    """

    relative_path: str | None = None
    absolute_path: str = ""
    size_bytes: int = 0
    content_hash: str = ""


@dataclass
class TrimRange:
    """The part of the source that is kept: `[start_ms, end_ms)` on the source timeline."""

    start_ms: int
    end_ms: int


@dataclass
class Rect:
    """A rectangle normalised to its frame: x, y, w, h in 0..1."""

    x: float
    y: float
    w: float
    h: float


@dataclass(kw_only=True)
class CoverChoice:
    """The cover: a source frame (`time_ms`) or an imported image, cropped to `aspect`, with a title."""

    time_ms: int | None = None
    image: MediaRef | None = None
    aspect: CoverAspect = "3:4"
    crop: Rect | None = None
    title: str = ""
    title_style: dict[str, Any] = field(default_factory=dict)
    """Free-form for now (font size, colour, position); the cover renderer reads what it knows."""


@dataclass(kw_only=True)
class Popup:
    """A product popup shown over `[start_ms, end_ms)` of the source, anchored on the 9:16 frame."""

    id: str = field(default_factory=new_id)
    sku: str = ""
    """The product's id (`core.product.Product.product_id`; named `sku` from when a listing was one SKU, which
    a one-variant product's id still is)."""
    variant_sku: str = ""
    """The variant the popup shows (its merchant code); "" shows the whole product (its price range)."""
    start_ms: int
    end_ms: int
    anchor_x: float = 0.5
    anchor_y: float = 0.5
    style: PopupStyle = "card"
    label: str = ""
    snapshot: dict[str, Any] = field(default_factory=dict)
    """The product's title, prices, image and applet link as they were when the creator tagged it."""
    product_boxes: list[TimedBox] = field(default_factory=list)
    """Where the product is in the source picture while the popup shows: the product finder's sampled boxes
    (source display pixels, source ms) inside `[start_ms, end_ms)`, kept when a proposal is accepted; empty
    for a popup tagged by hand. The follow reframe keeps the product inside its window (`core.reframe`)."""


@dataclass(kw_only=True)
class AppletLink:
    """The merchant's WeChat store applet that a popup's tap opens."""

    app_id: str = ""
    name: str = ""
    original_id: str = ""
    path_template: str = ""


@dataclass(kw_only=True)
class PostText:
    """What the post says beside the video."""

    title: str = ""
    description: str = ""
    hashtags: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class MusicTrack:
    """Music laid under the original sound from the video's first frame, cut with it at its end.

    `gain_db` is its level under the original sound; while the original sound is loud (speech), it is lowered a
    further `duck_db`; it fades in and out over the given times."""

    media: MediaRef
    gain_db: float = -12.0
    duck_db: float = -10.0
    fade_in_ms: int = 1000
    fade_out_ms: int = 1500


@dataclass(kw_only=True)
class SoundSettings:
    """The export's sound: the original muted or not, loudness normalised or not, and added music."""

    mute: bool = False
    normalize_loudness: bool = False
    music: MusicTrack | None = None


@dataclass(kw_only=True)
class Project:
    """One short video being made: source, trim, cover, popups, applet and post text."""

    schema_version: int = CURRENT_SCHEMA_VERSION
    id: str = field(default_factory=new_id)
    source: MediaRef | None = None
    trim: TrimRange | None = None
    cover: CoverChoice | None = None
    popups: list[Popup] = field(default_factory=list)
    applet: AppletLink | None = None
    post: PostText = field(default_factory=PostText)
    sound: SoundSettings = field(default_factory=SoundSettings)
    fit: Fit | None = None
    """How a picture that is not 9:16 becomes 9:16 (`platform_profile.FITS`: pad, crop, follow); None until the
    creator chooses (the editor asks for a landscape or square source; exports pad meanwhile)."""

    def media_refs(self) -> list[MediaRef]:
        """Every file reference in the project (the source, an imported cover image, the music)."""
        refs = [self.source]
        if self.cover is not None:
            refs.append(self.cover.image)
        if self.sound.music is not None:
            refs.append(self.sound.music.media)
        return [ref for ref in refs if ref is not None]
