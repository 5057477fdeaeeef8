"""Where the names of a network diagram go: label-placement geometry, in pixels.

A label may sit in one of a few spots around its point (:data:`LABEL_SPOTS`);
:func:`place_labels` picks, for each label, the spot that covers the least of the other labels,
the points and the space outside the plot, from boxes estimated from the text's length and font
size. :func:`to_pixels` turns data coordinates into the pixel positions it works on. Nothing
here draws: :mod:`axisnet.charts` turns the chosen spots into text marks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "GLYPH_WIDTH",
    "HIGHLIGHT_RADIUS",
    "LABEL_SPOTS",
    "MAX_PLACED_LABELS",
    "POINT_RADIUS",
    "place_labels",
    "spot_offset",
    "to_pixels",
]

#: Places a label may take around its point: (align, baseline, dx, dy), dx/dy in pixels.
#: The first is preferred; the others are tried when it would cover another label or point.
LABEL_SPOTS: tuple[tuple[str, str, int, int], ...] = (
    ("left", "middle", 8, 0),
    ("right", "middle", -8, 0),
    ("left", "bottom", 5, -4),
    ("right", "bottom", -5, -4),
    ("left", "top", 5, 4),
    ("right", "top", -5, 4),
    ("center", "bottom", 0, -8),
    ("center", "top", 0, 8),
)

#: Average glyph width as a share of the font size (sans-serif, mixed case); label widths are
#: estimated from it, as the browser's font is not known when the chart is written.
GLYPH_WIDTH = 0.56
#: Half the side of the square a point is taken to cover, in pixels.
POINT_RADIUS = 6.0
#: Half-width of a highlighted point (area 260 px^2 plus its outline), in pixels.
HIGHLIGHT_RADIUS = 11.0
#: Above this many labels, every label takes the first spot (placement costs O(n^2)).
MAX_PLACED_LABELS = 300

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels, y downwards


def spot_offset(spot: int, extra: float = 0.0) -> tuple[float, float]:
    """The (dx, dy) of a label spot, pushed ``extra`` pixels further from its point.

    Parameters
    ----------
    spot : int
        Index into :data:`LABEL_SPOTS`.
    extra : float, optional
        Pixels by which a point is bigger than :data:`POINT_RADIUS` (a highlighted point).

    Returns
    -------
    tuple[float, float]
        Offset of the label's anchor from the point, in pixels (y downwards).

    Examples
    --------
    >>> LABEL_SPOTS[3], spot_offset(3, extra=5)
    (('right', 'bottom', -5, -4), (-10, -9))
    """
    _, _, dx, dy = LABEL_SPOTS[spot]
    return (dx + extra * ((dx > 0) - (dx < 0)), dy + extra * ((dy > 0) - (dy < 0)))


def _label_box(x: float, y: float, text: str, size: float, spot: int, extra: float) -> Box:
    align, baseline, _, _ = LABEL_SPOTS[spot]
    dx, dy = spot_offset(spot, extra)
    w, h = GLYPH_WIDTH * size * len(text), 1.2 * size
    x0 = {"left": x + dx, "right": x + dx - w, "center": x - w / 2}[align]
    y0 = {"middle": y + dy - h / 2, "bottom": y + dy - h, "top": y + dy}[baseline]
    return (x0, y0, x0 + w, y0 + h)


def _area(a: Box) -> float:
    return (a[2] - a[0]) * (a[3] - a[1])


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place_labels(
    points: Iterable[tuple[float, float]],
    texts: Iterable[str],
    *,
    width: float,
    height: float,
    sizes: Iterable[float] | None = None,
    radii: Iterable[float] | None = None,
    order: Iterable[int] | None = None,
    narrow: tuple[float, float] | None = None,
) -> list[int]:
    """Choose, for each point's label, one of :data:`LABEL_SPOTS` (returned as its index).

    Labels are placed one at a time in ``order``; each takes the spot whose estimated box
    covers the least area of labels already placed, of any point, and of the space outside
    the plot, the earlier spot winning a tie. Greedy and deterministic: the same input gives
    the same spots. Overlaps that no spot avoids are kept, never hidden.

    Parameters
    ----------
    points : Iterable[tuple[float, float]]
        Pixel coordinates (x to the right, y downwards) in a ``width`` x ``height`` plot.
    texts : Iterable[str]
        The labels, one per point.
    width, height : float
        Size of the plot in pixels.
    sizes : Iterable[float], optional
        Font sizes (default 11).
    radii : Iterable[float], optional
        Half-widths of the points (default :data:`POINT_RADIUS`): a label of a bigger point
        sits further out, by the difference (:func:`spot_offset`).
    order : Iterable[int], optional
        Indices of the points in the order their labels are placed (default: as given).
    narrow : tuple[float, float], optional
        (width, font shrink): also count the space outside the plot when it is squeezed to
        that width (x scaled, text smaller by the shrink in points), so names stay inside on
        a phone.

    Returns
    -------
    list[int]
        The chosen spot of each label, in the order of ``points``.

    Raises
    ------
    ValueError
        When ``points``, ``texts``, ``sizes`` and ``radii`` differ in length.

    Examples
    --------
    A name near the right edge goes to the left of its point (here a little above it, clear
    of the other name):

    >>> place_labels([(100, 50), (190, 50)], ["Amal", "Hizballah"], width=200, height=100)
    [0, 3]
    >>> LABEL_SPOTS[3][:2]
    ('right', 'bottom')
    """
    pts = [(float(x), float(y)) for x, y in points]
    labels = [str(t) for t in texts]
    font = [float(s) for s in sizes] if sizes is not None else [11.0] * len(pts)
    radius = [float(r) for r in radii] if radii is not None else [POINT_RADIUS] * len(pts)
    if not len(pts) == len(labels) == len(font) == len(radius):
        raise ValueError("points, texts, sizes and radii must have the same length")
    spots = [0] * len(pts)
    if len(pts) > MAX_PLACED_LABELS:
        return spots
    point_boxes = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(pts, radius, strict=True)]
    extra = [max(r - POINT_RADIUS, 0.0) for r in radius]
    frame: Box = (0.0, 0.0, float(width), float(height))
    squeeze, shrink = (min(narrow[0], width) / width, narrow[1]) if narrow else (1.0, 0.0)
    small_frame: Box = (0.0, 0.0, float(width) * squeeze, float(height))
    placed: list[Box] = []
    for i in order if order is not None else range(len(pts)):
        x, y = pts[i]
        best, best_cost = 0, float("inf")
        for spot in range(len(LABEL_SPOTS)):
            box = _label_box(x, y, labels[i], font[i], spot, extra[i])
            cost = 2 * (_area(box) - _overlap(box, frame))
            if squeeze < 1.0:
                small = _label_box(x * squeeze, y, labels[i], font[i] - shrink, spot, extra[i])
                cost += 2 * (_area(small) - _overlap(small, small_frame))
            cost += sum(_overlap(box, other) for other in placed)
            cost += sum(_overlap(box, p) for j, p in enumerate(point_boxes) if j != i)
            if cost < best_cost - 1e-9:
                best, best_cost = spot, cost
        spots[i] = best
        placed.append(_label_box(x, y, labels[i], font[i], best, extra[i]))
    return spots


def to_pixels(
    points: Iterable[tuple[float, float]],
    x_domain: Sequence[float],
    y_domain: Sequence[float],
    *,
    width: float,
    height: float,
) -> list[tuple[float, float]]:
    """Pixel positions of points given in data coordinates (y upwards in the data).

    Parameters
    ----------
    points : Iterable[tuple[float, float]]
        (x, y) in data coordinates.
    x_domain, y_domain : Sequence[float]
        (low, high) of each axis: the data values at the plot's edges.
    width, height : float
        Size of the plot in pixels.

    Returns
    -------
    list[tuple[float, float]]
        (x, y) in pixels, x to the right and y downwards from the top-left corner.

    Examples
    --------
    >>> to_pixels([(0.0, 0.0), (1.0, 1.0)], (-1, 1), (-1, 1), width=200, height=100)
    [(100.0, 50.0), (200.0, 0.0)]
    """
    (x0, x1), (y0, y1) = x_domain, y_domain
    return [((x - x0) / (x1 - x0) * width, (y1 - y) / (y1 - y0) * height) for x, y in points]
