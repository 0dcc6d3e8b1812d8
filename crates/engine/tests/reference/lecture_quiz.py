"""Reference answer for the lecture's quiz, computed with sympy (independent of the engine).

    y = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)   at x = 2, z = 3   (log is natural)

Writes y, dy/dx and dy/dz to 40 significant digits to lecture_quiz.json next to this script.
Run from the repository root (needs python3 with sympy >= 1.14 and mpmath):

    python3 crates/engine/tests/reference/lecture_quiz.py

The output is deterministic (fixed key order, newline at the end): rerunning it reproduces the
file byte for byte.

The partials by hand, term by term:

    d/dx e^{xz}            = z e^{xz}
    d/dx xz/log x          = z/log x - xz * (1/x)/log^2 x   = z/log x - z/log^2 x
    d/dx sin(log x)/(xz)   = cos(log x) * (1/x)/(xz) - sin(log x) * z/(xz)^2
                           = cos(log x)/(x^2 z) - sin(log x)/(x^2 z)

    dy/dx = z e^{xz} + z/log x - z/log^2 x + cos(log x)/(x^2 z) - sin(log x)/(x^2 z)

    d/dz e^{xz}            = x e^{xz}
    d/dz xz/log x          = x/log x
    d/dz sin(log x)/(xz)   = -sin(log x)/(x z^2)

    dy/dz = x e^{xz} + x/log x - sin(log x)/(x z^2)

At x = 2, z = 3: dy/dx = 3e^6 + 3/log 2 - 3/log^2 2 + (cos(log 2) - sin(log 2))/12 ~ 1208.381
and dy/dz = 2e^6 + 2/log 2 - sin(log 2)/18 ~ 809.707, so the lecture's key [1208, 810] after
rounding to integers. All of this is asserted below: the hand formulas equal sympy.diff
symbolically, the rounded answer is [1208, 810], and central finite differences of a separate
mpmath function at 50 digits agree with the 40-digit values.
"""

import json
import os
import sys

import mpmath
import sympy

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "lecture_quiz.json")
PROGRAM = "x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)"
DIGITS = 40

x, z = sympy.symbols("x z", positive=True)
exp, log, sin, cos = sympy.exp, sympy.log, sympy.sin, sympy.cos
y = exp(x * z) + x * z / log(x) + sin(log(x)) / (x * z)
point = {x: sympy.Integer(2), z: sympy.Integer(3)}

# The derivation in the docstring, written out.
dy_dx_hand = z * exp(x * z) + z / log(x) - z / log(x) ** 2 + cos(log(x)) / (x ** 2 * z) - sin(log(x)) / (x ** 2 * z)
dy_dz_hand = x * exp(x * z) + x / log(x) - sin(log(x)) / (x * z ** 2)


def fmt(e):
    f = sympy.N(e, DIGITS)
    assert f.is_Float, (e, f)
    return str(f)


def m_y(xv, zv):
    return mpmath.exp(xv * zv) + xv * zv / mpmath.log(xv) + mpmath.sin(mpmath.log(xv)) / (xv * zv)


def build():
    dy_dx = sympy.diff(y, x)
    dy_dz = sympy.diff(y, z)
    assert sympy.simplify(dy_dx - dy_dx_hand) == 0
    assert sympy.simplify(dy_dz - dy_dz_hand) == 0

    value = fmt(y.subs(point))
    gx = fmt(dy_dx.subs(point))
    gz = fmt(dy_dz.subs(point))
    # The hand formulas, evaluated on their own, give the same 40 digits.
    assert fmt(dy_dx_hand.subs(point)) == gx and fmt(dy_dz_hand.subs(point)) == gz
    # The lecture's answer key.
    assert [round(sympy.Float(gx, DIGITS)), round(sympy.Float(gz, DIGITS))] == [1208, 810], (gx, gz)

    # Second route: central differences (step 1e-20) of a plain mpmath function at 50 digits.
    with mpmath.workdps(50):
        h = mpmath.mpf("1e-20")
        X, Z = mpmath.mpf(2), mpmath.mpf(3)
        assert abs(m_y(X, Z) - mpmath.mpf(value)) < mpmath.mpf("1e-36")
        fd_x = (m_y(X + h, Z) - m_y(X - h, Z)) / (2 * h)
        fd_z = (m_y(X, Z + h) - m_y(X, Z - h)) / (2 * h)
        assert abs(fd_x - mpmath.mpf(gx)) < mpmath.mpf("1e-22"), fd_x
        assert abs(fd_z - mpmath.mpf(gz)) < mpmath.mpf("1e-22"), fd_z

    data = {"program": PROGRAM, "value": value, "gradient": {"x": gx, "z": gz}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def main():
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(build())


if __name__ == "__main__":
    main()
