"""Reference gradients for the nine shipped example programs (src/examples.rs).

What this is: for each entry of `EXAMPLES` in src/examples.rs, the output's value and the
partial derivative of the output with respect to every input element, to 40 significant
digits, written to e2e/reference/examples.json next to this script.

Independent of the engine: nothing here parses the page's language or calls our code. Each
program was translated BY HAND into sympy (one function per example below), with one sympy
symbol per scalar input element, named exactly as the page names it (`theta[0]`,
`W1[1][0]`, `ystar`, `b2`, ...). The inputs are exact rationals (sympy.Rational('0.5')); the
derivatives are taken symbolically with sympy.diff and evaluated with evalf(40).
The one exception is "Numeric trouble" (log/relu/sqrt at 0), derived by hand below and
confirmed with one-sided sympy limits.

Second route: every finite example is also written a second time as a plain mpmath function
(hand-written loops for the matrix products), and its value and central finite differences at
50 digits must agree with the sympy results (asserted).

The exact program texts are stored in the JSON, so a test can tell that an example changed;
this script also asserts that its hand-copied list matches src/examples.rs (titles and
programs, in order) -- it reads the Rust string literals only, it does not parse programs.

Run from the repository root (needs python3 with sympy >= 1.14 and mpmath):

    python3 e2e/reference/examples.py            # (re)writes e2e/reference/examples.json
    python3 e2e/reference/examples.py --check    # exit 1 if the stored JSON is not what this makes

The output is deterministic (fixed key order, UTF-8, newline at the end), so rerunning it
reproduces the file byte for byte.
"""

import json
import os
import re
import sys

import mpmath
import sympy
from sympy import Rational as R

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "examples.json")
DIGITS = 40


def sigmoid(a):
    return 1 / (1 + sympy.exp(-a))


def vec(name, values):
    """Symbols name[0], name[1], ... and their exact values."""
    syms = [sympy.Symbol(f"{name}[{i}]") for i in range(len(values))]
    return syms, {s: R(v) for s, v in zip(syms, values)}


def mat(name, rows):
    """Symbols name[r][c] and their exact values."""
    syms = [[sympy.Symbol(f"{name}[{r}][{c}]") for c in range(len(row))] for r, row in enumerate(rows)]
    vals = {}
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            vals[syms[r][c]] = R(v)
    return syms, vals


def scalar(name, value):
    s = sympy.Symbol(name)
    return s, {s: R(value)}


# ---------------------------------------------------------------------------------------
# The examples, translated by hand. Each returns (output name, output expression,
# {input symbol: exact value} in the order the program introduces the inputs).
# ---------------------------------------------------------------------------------------

def chain_rule():
    # x = 2; z = 3; y = x*z + sin(x)
    x, vx = scalar("x", "2")
    z, vz = scalar("z", "3")
    y = x * z + sympy.sin(x)
    return "y", y, {**vx, **vz}


def quiz():
    # x = 2; z = 3; y = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)
    x, vx = scalar("x", "2")
    z, vz = scalar("z", "3")
    y = sympy.exp(x * z) + x * z / sympy.log(x) + sympy.sin(sympy.log(x)) / (x * z)
    return "y", y, {**vx, **vz}


def logistic_regression():
    # theta = [0.5, -1, 2]; x = [1, 2, 3]; ystar = 1
    # q = sigmoid(dot(theta, x)); J = ystar*log(q) + (1 - ystar)*log(1 - q)
    theta, vt = vec("theta", ["0.5", "-1", "2"])
    x, vx = vec("x", ["1", "2", "3"])
    ystar, vy = scalar("ystar", "1")
    q = sigmoid(sum(t * xi for t, xi in zip(theta, x)))
    J = ystar * sympy.log(q) + (1 - ystar) * sympy.log(1 - q)
    return "J", J, {**vt, **vx, **vy}


def two_layer_network():
    # x = [1, -2]; W1 = [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]]; w2 = [1, -1, 0.5]; ystar = 1
    # h = sigmoid(W1 @ x); y = dot(w2, h); J = (y - ystar)^2 / 2
    x, vx = vec("x", ["1", "-2"])
    W1, vW = mat("W1", [["0.5", "-0.3"], ["0.8", "0.2"], ["-0.6", "0.4"]])
    w2, vw = vec("w2", ["1", "-1", "0.5"])
    ystar, vy = scalar("ystar", "1")
    h = [sigmoid(W1[r][0] * x[0] + W1[r][1] * x[1]) for r in range(3)]
    y = w2[0] * h[0] + w2[1] * h[1] + w2[2] * h[2]
    J = (y - ystar) ** 2 / 2
    return "J", J, {**vx, **vW, **vw, **vy}


# "Numeric trouble": x = 0; y = log(x) + relu(x) + sqrt(x). sympy gives zoo/nan at 0, so by hand:
#   value  = log(0) + relu(0) + sqrt(0) = -inf + 0 + 0 = -inf
#   dy/dx  = 1/x             -> +inf at 0 (from the right; IEEE 1/0 = +inf)
#          + relu'(0)        =  0     (the left derivative, as the README says)
#          + 1/(2 sqrt(x))   -> +inf at 0
#          = +inf
# (confirmed below with sympy's one-sided limits at 0+).
NUMERIC_TROUBLE = {"output": "y", "value": "-Infinity", "gradient": {"x": "Infinity"}}


def numeric_trouble_check():
    x = sympy.Symbol("x", positive=True)
    assert sympy.limit(sympy.log(x) + sympy.sqrt(x), x, 0, "+") == -sympy.oo
    assert sympy.limit(sympy.diff(sympy.log(x) + sympy.sqrt(x), x), x, 0, "+") == sympy.oo


def composed():
    # x = 0.5; y = exp(sin(x^2))
    x, vx = scalar("x", "0.5")
    return "y", sympy.exp(sympy.sin(x ** 2)), vx


def sinc():
    # x = 1.5; y = sin(x)/x
    x, vx = scalar("x", "1.5")
    return "y", sympy.sin(x) / x, vx


def fan_out():
    # x = 0.5; z = 2; u = x*z; y = exp(u) + sin(u) + u/z
    x, vx = scalar("x", "0.5")
    z, vz = scalar("z", "2")
    u = x * z
    y = sympy.exp(u) + sympy.sin(u) + u / z
    return "y", y, {**vx, **vz}


def network_321():
    # x = [1, -2, 0.5]; W1 = [[0.2, -0.4, 0.1], [0.5, 0.3, -0.2]]; b1 = [0.1, -0.1]
    # w2 = [0.7, -1.2]; b2 = 0.05; ystar = 1
    # h = sigmoid(W1 @ x + b1); p = sigmoid(dot(w2, h) + b2)
    # J = -(ystar*log(p) + (1 - ystar)*log(1 - p))
    x, vx = vec("x", ["1", "-2", "0.5"])
    W1, vW = mat("W1", [["0.2", "-0.4", "0.1"], ["0.5", "0.3", "-0.2"]])
    b1, vb1 = vec("b1", ["0.1", "-0.1"])
    w2, vw = vec("w2", ["0.7", "-1.2"])
    b2, vb2 = scalar("b2", "0.05")
    ystar, vy = scalar("ystar", "1")
    h = [sigmoid(W1[r][0] * x[0] + W1[r][1] * x[1] + W1[r][2] * x[2] + b1[r]) for r in range(2)]
    p = sigmoid(w2[0] * h[0] + w2[1] * h[1] + b2)
    J = -(ystar * sympy.log(p) + (1 - ystar) * sympy.log(1 - p))
    return "J", J, {**vx, **vW, **vb1, **vw, **vb2, **vy}


# ---------------------------------------------------------------------------------------
# Second route: the same programs as plain mpmath functions of {name: value}.
# ---------------------------------------------------------------------------------------

def msig(a):
    return 1 / (1 + mpmath.exp(-a))


def m_chain_rule(v):
    return v["x"] * v["z"] + mpmath.sin(v["x"])


def m_quiz(v):
    x, z = v["x"], v["z"]
    return mpmath.exp(x * z) + x * z / mpmath.log(x) + mpmath.sin(mpmath.log(x)) / (x * z)


def m_logistic_regression(v):
    s = 0
    for i in range(3):
        s += v[f"theta[{i}]"] * v[f"x[{i}]"]
    q = msig(s)
    return v["ystar"] * mpmath.log(q) + (1 - v["ystar"]) * mpmath.log(1 - q)


def m_two_layer_network(v):
    y = 0
    for r in range(3):
        a = 0
        for c in range(2):
            a += v[f"W1[{r}][{c}]"] * v[f"x[{c}]"]
        y += v[f"w2[{r}]"] * msig(a)
    return (y - v["ystar"]) ** 2 / 2


def m_composed(v):
    return mpmath.exp(mpmath.sin(v["x"] ** 2))


def m_sinc(v):
    return mpmath.sin(v["x"]) / v["x"]


def m_fan_out(v):
    u = v["x"] * v["z"]
    return mpmath.exp(u) + mpmath.sin(u) + u / v["z"]


def m_network_321(v):
    s = v["b2"]
    for r in range(2):
        a = v[f"b1[{r}]"]
        for c in range(3):
            a += v[f"W1[{r}][{c}]"] * v[f"x[{c}]"]
        s += v[f"w2[{r}]"] * msig(a)
    p = msig(s)
    return -(v["ystar"] * mpmath.log(p) + (1 - v["ystar"]) * mpmath.log(1 - p))


# Title and program exactly as in src/examples.rs, with the hand translations.
EXAMPLES = [
    ("Chain rule: y = xz + sin x", "x = 2\nz = 3\ny = x*z + sin(x)", chain_rule, m_chain_rule),
    (
        "Quiz: shared x·z",
        "# Suppose x = 2 and z = 3: what are dy/dx and dy/dz?\nx = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
        quiz,
        m_quiz,
    ),
    (
        "Logistic regression",
        "# q = P(y = 1 | x); J is the log-likelihood\ntheta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)",
        logistic_regression,
        m_logistic_regression,
    ),
    (
        "A two-layer network",
        "x = [1, -2]\nW1 = [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]]\nw2 = [1, -1, 0.5]\nystar = 1\nh = sigmoid(W1 @ x)\ny = dot(w2, h)\nJ = (y - ystar)^2 / 2",
        two_layer_network,
        m_two_layer_network,
    ),
    ("Numeric trouble", "x = 0\ny = log(x) + relu(x) + sqrt(x)", None, None),
    ("Chain rule, composed: exp(sin(x²))", "x = 0.5\ny = exp(sin(x^2))", composed, m_composed),
    ("sin(x)/x", "x = 1.5\ny = sin(x)/x", sinc, m_sinc),
    (
        "Fan-out: u used three times",
        "# u feeds three consumers: its dy/du is the sum of three contributions\nx = 0.5\nz = 2\nu = x*z\ny = exp(u) + sin(u) + u/z",
        fan_out,
        m_fan_out,
    ),
    (
        "A 3-2-1 network with cross-entropy",
        "# 3 inputs, 2 sigmoid hidden units, a sigmoid output, cross-entropy loss\nx = [1, -2, 0.5]\nW1 = [[0.2, -0.4, 0.1], [0.5, 0.3, -0.2]]\nb1 = [0.1, -0.1]\nw2 = [0.7, -1.2]\nb2 = 0.05\nystar = 1\nh = sigmoid(W1 @ x + b1)\np = sigmoid(dot(w2, h) + b2)\nJ = -(ystar*log(p) + (1 - ystar)*log(1 - p))",
        network_321,
        m_network_321,
    ),
]


def rust_examples():
    """(title, program) pairs of EXAMPLES in src/examples.rs, read as Rust string literals."""
    path = os.path.join(ROOT, "src", "examples.rs")
    if not os.path.exists(path):
        return None
    text = open(path, encoding="utf-8").read()
    body = text[text.index("pub const EXAMPLES"):]
    body = body[: body.index("];")]
    lit = r'"((?:[^"\\]|\\.)*)"'
    pairs = re.findall(r"\(\s*" + lit + r",\s*" + lit + r",?\s*\)", body)

    def unescape(s):
        assert re.fullmatch(r'(?:[^\\]|\\[n"\\])*', s), f"unexpected escape in {s!r}"
        return re.sub(r'\\(.)', lambda m: {"n": "\n", '"': '"', "\\": "\\"}[m.group(1)], s)

    return [(unescape(t), unescape(p)) for t, p in pairs]


def fmt(x):
    """40 significant digits, or Infinity/-Infinity/NaN."""
    if x in (sympy.oo, -sympy.oo, sympy.zoo, sympy.nan):
        raise ValueError(f"non-finite {x}")
    f = sympy.N(x, DIGITS)
    assert f.is_Float, (x, f)
    return str(f)


def finite_difference(f, point, name):
    """Central difference at 50 digits with step 1e-20 (truncation ~1e-40, rounding ~1e-30)."""
    with mpmath.workdps(50):
        h = mpmath.mpf("1e-20")
        up = dict(point)
        down = dict(point)
        up[name] += h
        down[name] -= h
        return (f(up) - f(down)) / (2 * h)


def check_against_mpmath(mfun, value, gradient, vals):
    with mpmath.workdps(50):
        point = {str(s): mpmath.mpf(v.p) / v.q for s, v in vals.items()}
        v = mfun(point)
        assert abs(v - mpmath.mpf(value)) <= mpmath.mpf("1e-38") * max(1, abs(v)), (value, v)
        for name, g in gradient.items():
            fd = finite_difference(mfun, point, name)
            assert abs(fd - mpmath.mpf(g)) <= mpmath.mpf("1e-25") * max(1, abs(fd)), (name, g, fd)


def build():
    hand = [(t, p) for t, p, _, _ in EXAMPLES]
    from_rust = rust_examples()
    if from_rust is not None:
        assert from_rust == hand, "src/examples.rs changed: update the hand translations here"
    # Only "Numeric trouble" uses a function with a kink (relu, abs, max, min); the others are smooth.
    for title, program in hand:
        if re.search(r"\b(relu|abs|max|min)\(", program):
            assert title == "Numeric trouble", title

    out = []
    for title, program, translate, mfun in EXAMPLES:
        if translate is None:
            numeric_trouble_check()
            entry = {"title": title, "program": program, **NUMERIC_TROUBLE}
        else:
            name, expr, vals = translate()
            assert expr.free_symbols <= set(vals), expr.free_symbols - set(vals)
            value = fmt(expr.subs(vals))
            gradient = {str(s): fmt(sympy.diff(expr, s).subs(vals)) for s in vals}
            check_against_mpmath(mfun, value, gradient, vals)
            entry = {"title": title, "program": program, "output": name, "value": value, "gradient": gradient}
        out.append(entry)
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def main():
    text = build()
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"{OUT} is not what {os.path.basename(__file__)} makes: rerun it")
        print(f"{OUT} is up to date")
        return
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
