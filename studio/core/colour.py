"""What colours a source's pixels mean, decided once: the export, the frame server and the smart cut ask here.

A source's YUV is read with the matrix and range its tags say; an untagged source is read as phones and
browsers read it: BT.601 below 720 lines (the shorter side of the picture), BT.709 at 720 and above. HLG
and PQ sources are tone-mapped to SDR BT.709 (`platform_profile.HDR_TRANSFERS`). Every export is written
as BT.709, limited range, with explicit tags (`OUTPUT`), so no player has to guess. A source is converted
only when its pixels do not already mean that (`needs_conversion`): a smart cut copies the source's own
picture, so it is only possible without a conversion.
How HDR becomes SDR is decided here too (`TONE_MAP`): linear light with 100 nits as 1.0 (a PQ picture's own
nits, an HLG signal's 1.0 as 1000 nits), BT.2020 primaries to BT.709, Hable's curve
on the brightest component up to the picture's peak (1000 nits unless the frames say their content's light
level), no desaturation, then BT.709's transfer. The export runs it with ffmpeg's
zscale and tonemap filters, the frame server with numpy (`studio.media.tonemap`), so the editor's picture of
an HDR clip looks like its package.
Must not hold: filter graphs or decoder calls (`studio.media.export`, `studio.media.frames` turn these
answers into ffmpeg and libswscale arguments).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from studio.core.media_info import MediaInfo
from studio.core.platform_profile import HDR_TRANSFERS

Matrix = Literal["bt709", "bt601", "bt2020"]
Range = Literal["tv", "pc"]

HD_LINES = 720
"""From this many lines (the picture's shorter side) an untagged source is read as BT.709, below as BT.601."""
_MATRIX_OF_PRIMARIES: dict[str, Matrix] = {
    "bt709": "bt709", "bt470bg": "bt601", "smpte170m": "bt601", "bt470m": "bt601", "smpte240m": "bt601",
    "bt2020": "bt2020",
}
_MATRIX_OF_MATRIX: dict[str, Matrix] = {
    "bt709": "bt709", "bt470bg": "bt601", "smpte170m": "bt601", "smpte240m": "bt601", "bt2020nc": "bt2020",
    "bt2020c": "bt2020",
}
_FULL_RANGE_FORMATS = ("yuvj420p", "yuvj422p", "yuvj444p", "yuvj440p")


@dataclass(frozen=True)
class SourceColour:
    """How a source's pixels are to be read."""

    matrix: Matrix
    range: Range
    hdr: bool
    """HLG or PQ: tone-mapped to SDR BT.709 on export."""
    tagged: bool
    """The source said its colours (else `matrix` is the size rule's guess)."""
    transfer: str | None = None
    """The transfer characteristic as probed (`smpte2084` or `arib-std-b67` for HDR)."""


@dataclass(frozen=True)
class ToneMap:
    """How an HDR picture becomes SDR BT.709 (see the module docstring); ffmpeg's names and units."""

    curve: str = "hable"
    reference_white_nits: float = 100.0
    """zscale's `npl`: linear light 1.0 is this bright."""
    desat: float = 0.0
    hlg_peak_nits: float = 1_000.0
    """HLG's reference display, whose peak its signal's 1.0 is."""
    default_peak_nits: float = 1_000.0
    """What ffmpeg's tonemap takes for the peak when the frames do not say their light level: its input is
    already linear (zscale's), so it assumes HLG's 1000 nits for PQ too."""

    def peak(self, content_nits: float | None = None) -> float:
        """The brightest linear value Hable's curve maps to white: the content's own light level when the
        frames say it, else `default_peak_nits`."""
        return (content_nits or self.default_peak_nits) / self.reference_white_nits


TONE_MAP = ToneMap()


@dataclass(frozen=True)
class OutputColour:
    """The colours every export is written in, with the names ffmpeg's options and H.264's VUI use."""

    name: str = "bt709"
    range: Range = "tv"
    h264_code: int = 1
    """colour_primaries, transfer_characteristics and matrix_coefficients are all 1 for BT.709."""


OUTPUT = OutputColour()


def source_colour(info: MediaInfo) -> SourceColour:
    """The matrix, range and dynamic range of `info`'s pixels, from its tags (the matrix, else the primaries)
    or, untagged, from its size."""
    hdr = info.color_transfer in HDR_TRANSFERS
    full = info.pix_fmt in _FULL_RANGE_FORMATS
    tagged = info.color_matrix in _MATRIX_OF_MATRIX or info.color_primaries in _MATRIX_OF_PRIMARIES
    if info.color_matrix in _MATRIX_OF_MATRIX:  # the matrix itself said; else the primaries imply it
        matrix = _MATRIX_OF_MATRIX[info.color_matrix or ""]
    elif tagged:
        matrix = _MATRIX_OF_PRIMARIES[info.color_primaries or ""]
    elif hdr:
        matrix = "bt2020"
    else:
        matrix = "bt709" if min(info.width, info.height) >= HD_LINES else "bt601"
    return SourceColour(matrix=matrix, range="pc" if full else "tv", hdr=hdr, tagged=tagged,
                        transfer=info.color_transfer)


def needs_conversion(info: MediaInfo) -> bool:
    """True when the source's pixels are not already SDR BT.709 limited range (so its picture cannot be copied
    into an export that says BT.709)."""
    colour = source_colour(info)
    return colour.hdr or colour.matrix != OUTPUT.name or colour.range != OUTPUT.range
