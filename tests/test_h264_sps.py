"""`h264.sps_picture` on hand-built SPS units: the fields a camera's encoder may use and x264 never writes (scaling
matrices in the SPS, picture order type 1, cropping, extended sample aspect ratio) are stepped over exactly, so
the range and colours after them are read right."""

from __future__ import annotations

import pytest

from studio.media.h264 import SpsPicture, sps_picture


class _Writer:
    def __init__(self) -> None:
        self.bits: list[int] = []

    def u(self, n: int, value: int) -> _Writer:
        self.bits += [(value >> (n - 1 - i)) & 1 for i in range(n)]
        return self

    def ue(self, value: int) -> _Writer:
        code = value + 1
        return self.u(code.bit_length() - 1, 0).u(code.bit_length(), code)

    def se(self, value: int) -> _Writer:
        return self.ue(2 * value - 1 if value > 0 else -2 * value)

    def nal(self) -> bytes:
        bits = [*self.bits, 1]  # rbsp_stop_one_bit
        bits += [0] * (-len(bits) % 8)
        payload = bytes(int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits), 8))
        out = bytearray([0x67])  # nal_unit_type 7
        zeros = 0
        for byte in payload:  # emulation prevention, as an encoder writes it
            if zeros >= 2 and byte <= 3:
                out.append(3)
                zeros = 0
            out.append(byte)
            zeros = zeros + 1 if byte == 0 else 0
        return bytes(out)


def _sps(*, profile: int, chroma: int = 1, depth: int = 8, matrices: bool = False, poc_type: int = 0,
         crop: bool = False, vui: tuple[int, ...] | None = None) -> bytes:
    w = _Writer().u(8, profile).u(8, 0).u(8, 40).ue(0)
    if profile >= 100:
        w.ue(chroma)
        if chroma == 3:
            w.u(1, 0)
        w.ue(depth - 8).ue(depth - 8).u(1, 0).u(1, int(matrices))
        if matrices:
            for i in range(8 if chroma != 3 else 12):
                present = i in (0, 6)  # one 4x4 and one 8x8 list, explicit deltas (one ending early with 0)
                w.u(1, int(present))
                if present:
                    deltas = [5, -3, -10] if i == 0 else [1] * 64  # 8+5-3-10 = 0 ends the first early
                    for delta in deltas:
                        w.se(delta)
    w.ue(4).ue(poc_type)
    if poc_type == 0:
        w.ue(2)
    elif poc_type == 1:
        w.u(1, 0).se(-2).se(1).ue(2).se(3).se(-4)
    w.ue(4).u(1, 0).ue(67).ue(119).u(1, 1).u(1, 1).u(1, int(crop))
    if crop:
        w.ue(0).ue(0).ue(0).ue(4)
    if vui is None:
        return w.u(1, 0).nal()
    full, primaries, transfer, matrix = vui
    w.u(1, 1)  # vui_parameters_present_flag
    w.u(1, 1).u(8, 255).u(16, 4).u(16, 3)  # extended sample aspect ratio 4:3
    w.u(1, 0)  # overscan
    w.u(1, 1).u(3, 5).u(1, full).u(1, 1).u(8, primaries).u(8, transfer).u(8, matrix)
    return w.nal()


@pytest.mark.parametrize(("kwargs", "expected", "pix_fmt"), [
    ({"profile": 66}, SpsPicture(1, 8), "yuv420p"),
    ({"profile": 100, "vui": (1, 1, 1, 1)}, SpsPicture(1, 8, True, 1, 1, 1), "yuvj420p"),
    ({"profile": 100, "matrices": True, "poc_type": 1, "crop": True, "vui": (0, 9, 18, 9)},
     SpsPicture(1, 8, False, 9, 18, 9), "yuv420p"),
    ({"profile": 110, "depth": 10, "matrices": True, "vui": (0, 9, 16, 9)}, SpsPicture(1, 10, False, 9, 16, 9),
     "yuv420p10le"),
    ({"profile": 122, "chroma": 2, "vui": (1, 1, 1, 1)}, SpsPicture(2, 8, True, 1, 1, 1), "yuvj422p"),
    ({"profile": 244, "chroma": 3, "matrices": True, "vui": (0, 1, 13, 0)}, SpsPicture(3, 8, False, 1, 13, 0),
     "gbrp"),
    ({"profile": 100, "chroma": 0}, SpsPicture(0, 8), "gray"),
])
def test_sps_picture_reads_past_every_optional_field(kwargs: dict, expected: SpsPicture, pix_fmt: str) -> None:
    picture = sps_picture(_sps(**kwargs))
    assert picture == expected
    assert picture.pix_fmt() == pix_fmt


def test_a_full_range_container_with_a_silent_sps_is_full_range() -> None:
    assert sps_picture(_sps(profile=100)).pix_fmt(container_full_range=True) == "yuvj420p"


def test_a_truncated_sps_is_refused() -> None:
    nal = _sps(profile=100, matrices=True, vui=(1, 1, 1, 1))
    with pytest.raises(ValueError):
        sps_picture(nal[:8])
