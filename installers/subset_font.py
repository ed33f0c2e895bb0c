"""Make the CJK font the app ships (resources/fonts/) from Noto Sans CJK SC, with fontTools.

A developer tool, run by hand when the font must change; the app only reads its output. It takes the
Simplified Chinese face out of the Noto Sans CJK collection (OFL 1.1), keeps Latin, digits, punctuation,
¥/￥, the CJK symbols and full-width forms and every character of GB2312 (its 6763 level-1 and level-2
hanzi), drops hinting, and renames the family to "Good Circle Sans SC" so it never clashes with a Noto
font installed on the machine. Writes GoodCircleSansSC-Regular.otf and GoodCircleSansSC-Bold.otf.

    .venv/bin/pip install fonttools
    .venv/bin/python installers/subset_font.py [--noto-dir /usr/share/fonts/opentype/noto] [-o resources/fonts]

(Debian/Ubuntu: `apt-get install fonts-noto-cjk`; or the .ttc files from github.com/notofonts/noto-cjk.)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

FAMILY = "Good Circle Sans SC"
PS_FAMILY = "GoodCircleSansSC"
SOURCE_FAMILY = "Noto Sans CJK SC"
ROOT = Path(__file__).resolve().parent.parent
LAYOUT_FEATURES = ["ccmp", "kern", "liga", "calt", "halt", "palt", "chws"]
"""Horizontal text only: `locl` (the Japanese/Korean/Traditional glyph variants) and the vertical features
would pull in thousands of alternate glyphs that cards and cover titles never use."""


def characters() -> set[int]:
    """The code points the subset keeps."""
    points: set[int] = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))  # ASCII, Latin-1, Latin Extended-A
    points |= set(range(0x2010, 0x2070)) | set(range(0x20A0, 0x20C0))  # general punctuation, currency signs
    points |= {0x2122, 0x2190, 0x2191, 0x2192, 0x2193, 0x2212, 0x2026, 0x00D7, 0x00F7, 0x2605, 0x2606}
    points |= set(range(0x3000, 0x3040))  # CJK symbols and punctuation
    points |= set(range(0xFF01, 0xFF5F)) | set(range(0xFFE0, 0xFFE7))  # full-width forms, ￥
    for lead in range(0xA1, 0xF8):  # every GB2312 character: symbols (rows 1-9) and hanzi levels 1 and 2
        for trail in range(0xA1, 0xFF):
            try:
                text = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            points.add(ord(text))
    return points


def _face(collection: Path) -> TTCollection:
    return TTCollection(str(collection))


def make(noto_dir: Path, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for weight in ("Regular", "Bold"):
        collection = _face(noto_dir / f"NotoSansCJK-{weight}.ttc")
        font = next(f for f in collection.fonts if f["name"].getDebugName(1) == SOURCE_FAMILY)
        options = subset.Options()
        options.hinting = False
        options.desubroutinize = False
        options.layout_features = LAYOUT_FEATURES
        options.name_IDs = ["*"]
        options.name_languages = [0x409]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=characters())
        subsetter.subset(font)
        _rename(font, weight)
        path = out_dir / f"{PS_FAMILY}-{weight}.otf"
        font.save(str(path))
        written.append(path)
        print(f"{path}: {path.stat().st_size / 1e6:.2f} MB, {len(font.getBestCmap())} characters")
    return written


def _rename(font: TTFont, weight: str) -> None:
    ps_name = f"{PS_FAMILY}-{weight}"
    full = f"{FAMILY} {weight}" if weight != "Regular" else FAMILY
    names = font["name"]
    note = (f"{FAMILY} is a subset of {SOURCE_FAMILY} made by Good Circle Studio's installers/subset_font.py; "
            "licensed under the SIL Open Font License 1.1.")
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (2, 17):
            names.setName(weight, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            names.setName(full, 4, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:
            names.setName(ps_name, 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 3:
            names.setName(f"{ps_name};subset", 3, record.platformID, record.platEncID, record.langID)
    names.setName(note, 10, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        old = cff.fontNames[0]
        cff.fontNames = [ps_name]
        top = cff[old] if old in cff else cff.topDictIndex[0]
        top.FullName = full
        top.FamilyName = FAMILY


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--noto-dir", type=Path, default=Path("/usr/share/fonts/opentype/noto"))
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "resources" / "fonts")
    args = parser.parse_args()
    make(args.noto_dir, args.out)


if __name__ == "__main__":
    main()
