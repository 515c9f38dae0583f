"""Join links as QR codes (segno), as a matrix of dark modules the window draws itself."""
from __future__ import annotations

import segno


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code of `text` (error correction M, with its quiet zone) as rows of booleans."""
    code = segno.make_qr(text, error="m")
    return [[bool(v) for v in row] for row in code.matrix_iter(scale=1, border=2)]


def qr_svg(text: str) -> str:
    return segno.make_qr(text, error="m").svg_inline(scale=4, border=2)
