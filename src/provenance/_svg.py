"""
A layered drawing of a small directed graph as inline SVG, for the HTML
report when Graphviz is not installed.

Nodes are placed in columns (the caller chooses each node's column), ordered
inside each column by the barycentre of their neighbours over a few sweeps
(the Sugiyama heuristic, without dummy nodes: long edges are drawn as
curves), and edges as cubic Bezier curves from the right side of one box to
the left side of another. Everything is deterministic: the same graph gives
the same picture.

Every text this module writes must already be safe for HTML: callers pass
escaped labels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs


__all__: list[str] = []

_WIDTH: Final = 190  # A box's width.
_GAP_X: Final = 90  # The space between columns.
_GAP_Y: Final = 18  # The space between boxes in a column.
_LINE: Final = 14  # The height of one line of text.
_PAD: Final = 8  # The space inside a box around its text.
_MARGIN: Final = 12
_SWEEPS: Final = 6


@attrs.frozen
class Node:
    """
    A box: its id (safe as an XML id), column, CSS class, title (the tooltip)
    and lines of text, each already escaped.
    """

    id: str
    column: int
    kind: str
    title: str
    lines: tuple[str, ...]


@attrs.frozen
class Edge:
    """
    A curve from the box *tail* to the box *head*, with its CSS class and its
    title (the tooltip), already escaped.
    """

    tail: str
    head: str
    kind: str
    title: str


@attrs.frozen
class _Box:
    x: float
    y: float
    height: float


def layered(
    nodes: Sequence[Node], edges: Sequence[Edge], *, colours: dict[str, str]
) -> str:
    """
    The SVG element of the graph, with an arrowhead marker per edge class in
    *colours* (edge class to colour).
    """
    columns = _ordered(nodes, edges)
    boxes: dict[str, _Box] = {}
    height = 0.0
    for index, column in enumerate(columns):
        y = float(_MARGIN)
        for node in column:
            tall = len(node.lines) * _LINE + 2 * _PAD
            boxes[node.id] = _Box(_MARGIN + index * (_WIDTH + _GAP_X), y, tall)
            y += tall + _GAP_Y
        height = max(height, y)
    # Centre each column vertically against the tallest.
    for column in columns:
        if not column:
            continue
        last = boxes[column[-1].id]
        shift = (height - (last.y + last.height + _GAP_Y)) / 2
        for node in column:
            box = boxes[node.id]
            boxes[node.id] = attrs.evolve(box, y=box.y + shift)
    width = _MARGIN * 2 + len(columns) * _WIDTH + max(len(columns) - 1, 0) * _GAP_X
    full = f"{height + _MARGIN:.0f}"
    out = [
        (
            f'<svg class="graph" role="img" width="{width}" height="{full}"'
            f' viewBox="0 0 {width} {full}">'
        ),
        "<defs>",
    ]
    out.extend(
        f'<marker id="arrow-{kind}" viewBox="0 0 10 10" refX="10" refY="5"'
        f' markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for kind, colour in sorted(colours.items())
    )
    out.append("</defs>")
    for index, edge in enumerate(edges):
        tail, head = boxes.get(edge.tail), boxes.get(edge.head)
        if tail is None or head is None:
            continue
        out.append(
            f'<path class="edge {edge.kind}" d="{_curve(tail, head, index)}"'
            f' marker-end="url(#arrow-{edge.kind})"><title>{edge.title}</title></path>'
        )
    for node in nodes:
        box = boxes[node.id]
        out.append(f'<g class="node {node.kind}" id="{node.id}">')
        out.append(f"<title>{node.title}</title>")
        rounded = ' rx="10"' if node.kind == "claim" else ' rx="2"'
        out.append(
            f'<rect x="{box.x:.0f}" y="{box.y:.0f}" width="{_WIDTH}"'
            f' height="{box.height:.0f}"{rounded}/>'
        )
        for row, text in enumerate(node.lines):
            y = box.y + _PAD + (row + 1) * _LINE - 3
            weight = ' class="first"' if row == 0 else ""
            out.append(
                f'<text x="{box.x + _PAD:.0f}" y="{y:.0f}"{weight}>{text}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _ordered(nodes: Sequence[Node], edges: Sequence[Edge]) -> list[list[Node]]:
    """
    The nodes in columns, each column ordered to shorten crossing edges.
    """
    count = max((node.column for node in nodes), default=-1) + 1
    columns: list[list[Node]] = [[] for _ in range(count)]
    for node in nodes:
        columns[node.column].append(node)
    neighbours: dict[str, list[str]] = {node.id: [] for node in nodes}
    for edge in edges:
        if edge.tail in neighbours and edge.head in neighbours:
            neighbours[edge.tail].append(edge.head)
            neighbours[edge.head].append(edge.tail)
    place = {node.id: float(i) for column in columns for i, node in enumerate(column)}
    for sweep in range(_SWEEPS):
        order = range(count) if sweep % 2 == 0 else range(count - 1, -1, -1)
        for index in order:
            column = columns[index]

            def centre(node: Node) -> tuple[float, str]:
                near = [place[other] for other in neighbours[node.id]]
                mean = sum(near) / len(near) if near else place[node.id]
                return (mean, node.id)

            column.sort(key=centre)
            for position, node in enumerate(column):
                place[node.id] = float(position)
    return columns


def _curve(tail: _Box, head: _Box, index: int) -> str:
    """
    A cubic Bezier path from *tail* to *head*: right side to left side when
    *head* stands to the right, else around, leaving and entering on the
    same side.
    """
    ty = tail.y + tail.height / 2
    hy = head.y + head.height / 2
    if head.x > tail.x:
        x1, x2 = tail.x + _WIDTH, head.x
        bend = (x2 - x1) / 2
        return (
            f"M{x1:.0f},{ty:.0f} C{x1 + bend:.0f},{ty:.0f} "
            f"{x2 - bend:.0f},{hy:.0f} {x2:.0f},{hy:.0f}"
        )
    if head.x < tail.x:
        x1, x2 = tail.x, head.x + _WIDTH
        bend = (x1 - x2) / 2
        return (
            f"M{x1:.0f},{ty:.0f} C{x1 - bend:.0f},{ty:.0f} "
            f"{x2 + bend:.0f},{hy:.0f} {x2:.0f},{hy:.0f}"
        )
    # The same column: a loop out to the right, wider for each edge so that
    # several such edges stay apart.
    x = tail.x + _WIDTH
    reach = 30 + (index % 4) * 8
    return (
        f"M{x:.0f},{ty:.0f} C{x + reach:.0f},{ty:.0f} "
        f"{x + reach:.0f},{hy:.0f} {x:.0f},{hy:.0f}"
    )
