"""The shipped CJK font and the one popup-card renderer (studio.render.fonts, studio.render.card)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QRawFont

from studio.render import fonts

pytestmark = pytest.mark.gui

SAMPLE = "限时折扣 ¥ 立即购买 ￥199.00（包邮）"


@pytest.mark.parametrize("bold", [False, True])
def test_shipped_font_has_every_character_a_card_uses(qapp, bold: bool) -> None:
    raw = QRawFont.fromFont(fonts.font(40, bold))
    assert raw.familyName() == fonts.FAMILY
    assert raw.styleName() == ("Bold" if bold else "Regular")
    missing = [c for c in SAMPLE if c != " " and not raw.supportsCharacter(ord(c))]
    assert missing == []


def test_gb2312_hanzi_are_all_in_the_font(qapp) -> None:
    raw = QRawFont.fromFont(fonts.font(40))
    hanzi = [bytes((lead, trail)).decode("gb2312") for lead in range(0xB0, 0xF8) for trail in range(0xA1, 0xFF)
             if (lead, trail) not in {(0xD7, t) for t in range(0xFA, 0xFF)}]
    assert len(hanzi) == 6763
    assert [c for c in hanzi if not raw.supportsCharacter(ord(c))] == []
