"""Build the chart font shipped with the book (``axisnet/fonts/``) from Liberation Sans 2.

The charts are laid out and drawn with one font everywhere (exports and site) so that a figure
regenerates byte for byte on any machine. The font is derived from Liberation Sans 2.1.5
(SIL Open Font License 1.1, Debian package ``fonts-liberation2``): subset to the characters a
chart can show and renamed "AxisNet Sans", as the licence asks of a modified version (the
names "Liberation", "Arimo", "Tinos" and "Cousine" are reserved). The outputs are committed;
this script is only needed to rebuild them:

    apt-get download fonts-liberation2 && dpkg-deb -x fonts-liberation2_*.deb src
    pip install fonttools==4.68.0 brotli==1.2.1
    python tools/build_fonts.py src/usr/share/fonts/truetype/liberation2

It writes ``axisnet/fonts/AxisNetSans-{Regular,Bold}.ttf`` (used by vl-convert for the
exports) and ``.woff2`` (served by the site). Both are built from the same subset, so the
browser and the exports measure text alike.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parents[1] / "axisnet" / "fonts"
FAMILY = "AxisNet Sans"
#: Basic Latin, Latin-1, Latin Extended-A, general punctuation, euro, arrows, minus, trademark.
UNICODES = "U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+2044,U+20AC,U+2122,U+2190-2195,U+2212"
STYLES = {"Regular": "LiberationSans-Regular.ttf", "Bold": "LiberationSans-Bold.ttf"}


def rename(font: TTFont, style: str) -> None:
    """Give the font its own family name in every name record that carries one."""
    names = {
        1: FAMILY,
        2: style,
        3: f"{FAMILY.replace(' ', '')}-{style};derived from Liberation Sans 2.1.5",
        4: f"{FAMILY} {style}",
        6: f"{FAMILY.replace(' ', '')}-{style}",
        16: FAMILY,
        17: style,
    }
    table = font["name"]
    table.names = [r for r in table.names if r.nameID not in names and r.nameID not in (18, 21)]
    for name_id, value in names.items():
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)


def build(source_dir: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for style, filename in STYLES.items():
        source = source_dir / filename
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        print(f"{filename}: sha256 {digest}")
        for flavor, suffix in ((None, ".ttf"), ("woff2", ".woff2")):
            options = subset.Options()
            options.flavor = flavor
            options.layout_features = ["kern", "liga"]
            options.name_IDs = ["*"]
            options.notdef_outline = True
            options.recalc_timestamp = False
            font = subset.load_font(str(source), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
            subsetter.subset(font)
            rename(font, style)
            font["head"].modified = font["head"].created
            target = OUT / f"AxisNetSans-{style}{suffix}"
            subset.save_font(font, str(target), options)
            print(f"  wrote {target.relative_to(OUT.parents[1])} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    build(Path(sys.argv[1]))
