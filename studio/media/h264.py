"""H.264 bitstream pieces the smart cut needs: NAL units, parameter-set ids, and the MP4 `avcC` record.

Holds: splitting Annex B byte streams (start codes, what x264 writes to a raw `.h264`) and length-prefixed
samples (what MP4, MOV and Matroska store) into NAL units, turning one form into the other, reading the
id of an SPS or PPS and the type of a picture, and reading and writing the `avcC` decoder configuration
record (ISO/IEC 14496-15, 5.3.3.1), and the picture format an SPS declares (`sps_picture`: chroma format, bit
depth, range and colour description, what ffmpeg's decoder reports as the pixel format and colours). Pure
byte work on data the caller already holds; no file or process.
Must not hold: decisions about cuts (`studio.media.export`) or decoding.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

NAL_SLICE = 1
NAL_IDR = 5
NAL_SEI = 6
NAL_SPS = 7
NAL_PPS = 8
NAL_AUD = 9

_HIGH_PROFILES = frozenset({100, 110, 122, 144})
"""profile_idc values whose avcC carries the chroma format and bit depth extension."""


def nal_type(nal: bytes) -> int:
    return nal[0] & 0x1F if nal else -1


def split_annexb(data: bytes) -> list[bytes]:
    """The NAL units of an Annex B byte stream (3- or 4-byte start codes), without their start codes."""
    nals: list[bytes] = []
    starts: list[int] = []
    i = data.find(b"\x00\x00\x01")
    while i >= 0:
        starts.append(i + 3)
        i = data.find(b"\x00\x00\x01", i + 3)
    for n, begin in enumerate(starts):
        end = starts[n + 1] - 3 if n + 1 < len(starts) else len(data)
        nal = data[begin:end]
        while nal.endswith(b"\x00") and n + 1 < len(starts):  # trailing zero of a 4-byte start code
            nal = nal[:-1]
        if nal:
            nals.append(nal)
    return nals


def split_lengths(data: bytes, length_size: int = 4) -> list[bytes]:
    """The NAL units of a length-prefixed sample; ValueError if the lengths do not add up."""
    nals: list[bytes] = []
    i = 0
    while i < len(data):
        if i + length_size > len(data):
            raise ValueError("truncated NAL length")
        size = int.from_bytes(data[i:i + length_size], "big")
        i += length_size
        if size == 0 or i + size > len(data):
            raise ValueError("bad NAL length")
        nals.append(data[i:i + size])
        i += size
    return nals


def join_lengths(nals: Iterable[bytes]) -> bytes:
    """NAL units as one sample with 4-byte big-endian lengths (the form `avcC` with lengthSizeMinusOne=3 says)."""
    return b"".join(len(nal).to_bytes(4, "big") + nal for nal in nals)


def _rbsp(nal: bytes, limit: int = 64) -> bytes:
    """The first bytes of a NAL's payload with emulation-prevention bytes removed."""
    out = bytearray()
    zeros = 0
    for byte in nal[1:limit]:
        if zeros >= 2 and byte == 3:
            zeros = 0
            continue
        out.append(byte)
        zeros = zeros + 1 if byte == 0 else 0
    return bytes(out)


class _Bits:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def bit(self) -> int:
        if self.pos >= len(self.data) * 8:
            raise ValueError("read past the end of a parameter set")
        value = (self.data[self.pos // 8] >> (7 - self.pos % 8)) & 1
        self.pos += 1
        return value

    def bits(self, n: int) -> int:
        value = 0
        for _ in range(n):
            value = (value << 1) | self.bit()
        return value

    def ue(self) -> int:
        zeros = 0
        while self.bit() == 0:
            zeros += 1
            if zeros > 31:
                raise ValueError("bad exp-Golomb code")
        return (1 << zeros) - 1 + self.bits(zeros)

    def se(self) -> int:
        code = self.ue()
        return (code + 1) // 2 if code % 2 else -(code // 2)


def sps_id(sps: bytes) -> int:
    """seq_parameter_set_id of an SPS NAL unit."""
    bits = _Bits(_rbsp(sps))
    bits.bits(24)  # profile_idc, constraint flags, level_idc
    return bits.ue()


def pps_ids(pps: bytes) -> tuple[int, int]:
    """(pic_parameter_set_id, seq_parameter_set_id) of a PPS NAL unit."""
    bits = _Bits(_rbsp(pps))
    return bits.ue(), bits.ue()


def first_slice_type(nals: Iterable[bytes]) -> int:
    """The NAL type of the first coded slice (1 = non-IDR, 5 = IDR), -1 when there is none."""
    return next((nal_type(n) for n in nals if nal_type(n) in (NAL_SLICE, NAL_IDR)), -1)


@dataclass(frozen=True)
class AvcConfig:
    """An `avcC` decoder configuration record."""

    profile: int
    compatibility: int
    level: int
    length_size: int
    sps: tuple[bytes, ...]
    pps: tuple[bytes, ...]
    extension: bytes = b""
    """The chroma format / bit depth bytes of High profiles, kept as read (may be empty)."""

    @classmethod
    def parse(cls, data: bytes) -> AvcConfig:
        """Read an `avcC` record; ValueError if `data` is not one (for example Annex B extradata)."""
        if len(data) < 7 or data[0] != 1:
            raise ValueError("not an avcC record")
        length_size = (data[4] & 0x03) + 1
        i = 5
        sps: list[bytes] = []
        pps: list[bytes] = []
        for target, count_mask in ((sps, 0x1F), (pps, 0xFF)):
            if i >= len(data):
                raise ValueError("truncated avcC record")
            count = data[i] & count_mask
            i += 1
            for _ in range(count):
                size = int.from_bytes(data[i:i + 2], "big")
                i += 2
                if size == 0 or i + size > len(data):
                    raise ValueError("truncated avcC record")
                target.append(data[i:i + size])
                i += size
        return cls(data[1], data[2], data[3], length_size, tuple(sps), tuple(pps), data[i:])

    def with_parameter_sets(self, sps: Iterable[bytes], pps: Iterable[bytes]) -> AvcConfig:
        """This record with more SPS and PPS units (identical ones are not repeated)."""
        all_sps = list(self.sps) + [s for s in sps if s not in self.sps]
        all_pps = list(self.pps) + [p for p in pps if p not in self.pps]
        return AvcConfig(self.profile, self.compatibility, self.level, 4, tuple(dict.fromkeys(all_sps)),
                         tuple(dict.fromkeys(all_pps)), self.extension)

    def to_bytes(self) -> bytes:
        if len(self.sps) > 31 or len(self.pps) > 255:
            raise ValueError("too many parameter sets for avcC")
        out = bytearray([1, self.profile, self.compatibility, self.level, 0xFC | (self.length_size - 1),
                         0xE0 | len(self.sps)])
        for unit in self.sps:
            out += len(unit).to_bytes(2, "big") + unit
        out.append(len(self.pps))
        for unit in self.pps:
            out += len(unit).to_bytes(2, "big") + unit
        if self.profile in _HIGH_PROFILES:
            out += self.extension
        return bytes(out)

    def sps_ids(self) -> set[int]:
        return {sps_id(s) for s in self.sps}

    def pps_ids(self) -> set[int]:
        return {pps_ids(p)[0] for p in self.pps}


def parameter_sets(nals: Iterable[bytes]) -> tuple[list[bytes], list[bytes]]:
    """(SPS units, PPS units) among `nals`, in order, without repeats."""
    sps: list[bytes] = []
    pps: list[bytes] = []
    for nal in nals:
        if nal_type(nal) == NAL_SPS and nal not in sps:
            sps.append(nal)
        elif nal_type(nal) == NAL_PPS and nal not in pps:
            pps.append(nal)
    return sps, pps


def without_types(nals: Iterable[bytes], types: Iterable[int]) -> Iterator[bytes]:
    drop = set(types)
    return (nal for nal in nals if nal_type(nal) not in drop)


_CHROMA_PROFILES = frozenset({100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135})
"""profile_idc values whose SPS carries chroma_format_idc and the bit depths (H.264 7.3.2.1.1)."""
_SUBSAMPLING = {0: "gray", 1: "420", 2: "422", 3: "444"}


@dataclass(frozen=True)
class SpsPicture:
    """The picture format an SPS declares. Range and colour codes (ITU-T H.273's, as ffmpeg's enums) are None
    where the SPS does not say: the decoder then keeps what the container said."""

    chroma_format: int
    bit_depth: int
    full_range: bool | None = None
    primaries: int | None = None
    transfer: int | None = None
    matrix: int | None = None

    def pix_fmt(self, container_full_range: bool = False) -> str:
        """The pixel format name ffmpeg's H.264 decoder gives such a stream (yuvj… for full-range 8-bit)."""
        if self.chroma_format == 0:
            return "gray" if self.bit_depth == 8 else f"gray{self.bit_depth}le"
        if self.chroma_format == 3 and self.matrix == 0:
            return "gbrp" if self.bit_depth == 8 else f"gbrp{self.bit_depth}le"
        name = f"yuv{_SUBSAMPLING[self.chroma_format]}p"
        if self.bit_depth != 8:
            return f"{name}{self.bit_depth}le"
        full = self.full_range if self.full_range is not None else container_full_range
        return name.replace("yuv", "yuvj") if full else name


def sps_picture(sps: bytes) -> SpsPicture:
    """Read the chroma format, bit depth and VUI colour description of an SPS NAL unit (ValueError if it
    cannot be read)."""
    bits = _Bits(_rbsp(sps, limit=len(sps)))
    profile = bits.bits(8)
    bits.bits(16)  # constraint flags, level_idc
    bits.ue()  # seq_parameter_set_id
    chroma, depth = 1, 8
    if profile in _CHROMA_PROFILES:
        chroma = bits.ue()
        if chroma > 3:
            raise ValueError("bad chroma_format_idc")
        if chroma == 3:
            bits.bit()  # separate_colour_plane_flag
        depth = bits.ue() + 8
        bits.ue()  # bit_depth_chroma_minus8
        bits.bit()  # qpprime_y_zero_transform_bypass_flag
        if bits.bit():  # seq_scaling_matrix_present_flag
            for i in range(8 if chroma != 3 else 12):
                if bits.bit():
                    _skip_scaling_list(bits, 16 if i < 6 else 64)
    bits.ue()  # log2_max_frame_num_minus4
    poc_type = bits.ue()
    if poc_type == 0:
        bits.ue()
    elif poc_type == 1:
        bits.bit()
        bits.se()
        bits.se()
        for _ in range(bits.ue()):
            bits.se()
    bits.ue()  # max_num_ref_frames
    bits.bit()  # gaps_in_frame_num_value_allowed_flag
    bits.ue()  # pic_width_in_mbs_minus1
    bits.ue()  # pic_height_in_map_units_minus1
    if not bits.bit():  # frame_mbs_only_flag
        bits.bit()  # mb_adaptive_frame_field_flag
    bits.bit()  # direct_8x8_inference_flag
    if bits.bit():  # frame_cropping_flag
        for _ in range(4):
            bits.ue()
    if not bits.bit():  # vui_parameters_present_flag
        return SpsPicture(chroma, depth)
    if bits.bit() and bits.bits(8) == 255:  # aspect_ratio_info_present_flag, aspect_ratio_idc (255: extended)
        bits.bits(32)
    if bits.bit():  # overscan_info_present_flag
        bits.bit()
    if not bits.bit():  # video_signal_type_present_flag
        return SpsPicture(chroma, depth)
    bits.bits(3)  # video_format
    full_range = bool(bits.bit())
    if not bits.bit():  # colour_description_present_flag
        return SpsPicture(chroma, depth, full_range)
    return SpsPicture(chroma, depth, full_range, bits.bits(8), bits.bits(8), bits.bits(8))


def _skip_scaling_list(bits: _Bits, size: int) -> None:
    last = following = 8
    for _ in range(size):
        if following:
            following = (last + bits.se() + 256) % 256
        last = following or last
