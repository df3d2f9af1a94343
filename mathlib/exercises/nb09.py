"""Exercises of notebook 09: classify a critical point from its Hessian, the Jacobian of two tanh
layers (the chain rule for Jacobians), the condition number of a positive definite Hessian, and
eigenvalues, condition number and learning-rate limit of a 2 x 2 Hessian by hand.

Each checker starts with the notebook's example, then cases where the usual bugs show: a saddle
with positive diagonal entries and a maximum with a positive 2 x 2 determinant (deciding from the
diagonal or the determinant alone), a zero eigenvalue with the others of one sign (inconclusive)
and one with both signs around it (still a saddle), two zero eigenvalues that float32 rounding
moves to opposite signs (a float32 computation is told as such), seeded random symmetric matrices
``Q diag(lambda) Q^T`` with chosen eigenvalues of sizes 3 to 5, pairs of layers with every size
different and square ones (a transposed result, a missing slope or a layer left out shows), and
rotated Hessians whose diagonal entries are not their eigenvalues, with spectra on which the usual
slips of the condition number (a square root, the wrong pair of eigenvalues) give different
numbers. A cause is named only when it gives the learner's answers on every case.
"""

from __future__ import annotations

import numpy as np

from .._checks import shape_str
from ._core import exercise
from ._rules import CALCULUS, SCIPY, forbid_object
from ._slips import Slip, cause_of_value, compare_cases, name_slip
from ._feedback import (Wrong, as_array_of_shape, as_number, as_numbers, close, describe_value,
                        fmt, fmt_list, fmt_pair)

NOTEBOOK = "09"

WORDS = ("minimum", "maximum", "saddle", "inconclusive")


def _rotation(rng, n: int) -> np.ndarray:
    """A random orthogonal n x n matrix (QR of a Gaussian matrix, signs fixed)."""
    Q, R = np.linalg.qr(rng.normal(size=(n, n)))
    return Q * np.sign(np.diag(R))


def _with_eigenvalues(rng, lam) -> np.ndarray:
    Q = _rotation(rng, len(lam))
    H = (Q * np.asarray(lam, dtype=float)) @ Q.T
    return (H + H.T) / 2


def _truth(lam) -> str:
    """The second-derivative test: both signs -> saddle (zeros or not); all > 0 -> minimum; all
    < 0 -> maximum; otherwise (some 0, the rest of one sign) -> inconclusive."""
    lam = np.asarray(lam, dtype=float)
    up, down = np.any(lam > 1e-10), np.any(lam < -1e-10)
    if up and down:
        return "saddle"
    if np.all(lam > 1e-10):
        return "minimum"
    if np.all(lam < -1e-10):
        return "maximum"
    return "inconclusive"


def _zero_first(lam) -> str:
    """The usual slip: any zero eigenvalue -> inconclusive, even with both signs around it."""
    lam = np.asarray(lam, dtype=float)
    return "inconclusive" if np.any(np.abs(lam) < 1e-10) else _truth(lam)


# -- 09.1 classify a critical point ---------------------------------------------------------------
def _classify_cases():
    rng = np.random.default_rng(90)
    yield np.array([[2.0, 0.0], [0.0, 3.0]]), [2, 3], "the Hessian diag(2, 3)"
    yield np.array([[-2.0, 0.0], [0.0, -3.0]]), [-2, -3], \
        "the Hessian diag(-2, -3)"
    yield np.array([[1.0, 2.0], [2.0, 1.0]]), [3, -1], \
        "the Hessian [[1, 2], [2, 1]]"
    yield np.array([[2.0, 0.0], [0.0, -2.0]]), [2, -2], "the saddle x² − y², Hessian diag(2, -2)"
    yield np.array([[1.0, 1.0], [1.0, 1.0]]), [2, 0], "the Hessian [[1, 1], [1, 1]]"
    yield np.diag([2.0, -2.0, 0.0]), [2, -2, 0], "the Hessian diag(2, -2, 0)"
    for lam in ([1.0, -1.0, -1.0], [-0.5, -2.0, -1.0, -3.0], [0.3, 4.0, 1.0, 2.0, 0.7],
                [2.0, 1.0, -0.2]):
        lam = np.array(lam) * float(np.round(rng.uniform(0.5, 2.0), 2))
        yield _with_eigenvalues(rng, lam), lam, f"a random symmetric {len(lam)} x {len(lam)} matrix"
    yield _with_eigenvalues(rng, [3.0, 0.0, 1.0]), [3, 0, 1], \
        "a random symmetric 3 x 3 matrix with a zero eigenvalue"
    # rounded to float32 its zero eigenvalue becomes about -1.6e-8 (the one above: +2.6e-8), while
    # float64 rounding leaves about +-1e-16: a float32 slip and a test against 0 give other words
    yield _with_eigenvalues(np.random.default_rng(15), [2.0, 0.0, 0.5]), [2, 0, 0.5], \
        "another random symmetric 3 x 3 matrix with a zero eigenvalue"


def _det_word(H, *_):
    return "minimum" if np.linalg.det(H) > 0 else "saddle"


def _diagonal_word(H, *_):
    d = np.diag(H)
    return "minimum" if np.all(d > 0) else "maximum" if np.all(d < 0) else "saddle"


def _zero_as_sign_word(H, *_):
    lam = np.linalg.eigvalsh(H)
    return "minimum" if np.all(lam >= -1e-10) else "maximum" if np.all(lam <= 1e-10) else "saddle"


def _float32_word(H, *_):
    """The test right, but on eigenvalues computed in float32 (about 7 digits)."""
    return _truth(np.linalg.eigvalsh(np.asarray(H, dtype=np.float32)))


def _entries_word(H, *_):
    return "minimum" if np.all(H >= 0) else "maximum" if np.all(H <= 0) else "saddle"


# The usual wrong tests, each a function of the case (H, eigenvalues, words) and its cause. A
# cause is named only when the learner's words are the slip's on every case (name_slip).
_CLASSIFY_SLIPS = [   # (the slip's word for a case, its cause)
    (_det_word, "a positive determinant (the product of the eigenvalues) holds for a minimum "
                    "and for a maximum alike, and for a larger H also for mixed signs: decide "
                    "from the signs of all the eigenvalues"),
    (_diagonal_word, "positive diagonal entries only say f curves up along the coordinate "
                         "axes; along an eigenvector with a negative eigenvalue it curves down: "
                         "decide from the eigenvalues"),
    (_zero_as_sign_word, "a zero eigenvalue counts as neither sign: when some eigenvalue is "
                             "0 and all the others have one sign, the test says nothing "
                             "(\"inconclusive\")"),
    (lambda H, *_: _zero_first(np.linalg.eigvalsh(H)),
         "one positive and one negative already make a saddle (f curves up along one "
         "eigenvector and down along another), whatever the zero eigenvalue does"),
    (_entries_word, "the signs of the entries of H do not decide; the signs of its "
                        "eigenvalues do"),
    (_float32_word, "your words are what eigenvalues computed in float32 give. float32 keeps "
                    "about 7 digits: its rounding leaves a zero eigenvalue at about 1e-8 to 1e-7, far above the 1e-10 "
                    "that counts as zero. Compute them in float64 (numpy's default: leave H "
                    "as it is)"),
]


@exercise("09.1", "classify a critical point", name="classify_critical_point",
          solution=("def classify_critical_point(H):\n"
                    "    lam = np.linalg.eigvalsh(H)\n"
                    "    up = np.any(lam > 1e-10)\n"
                    "    down = np.any(lam < -1e-10)\n"
                    "    if up and down:\n"
                    "        return \"saddle\"\n"
                    "    if np.all(lam > 1e-10):\n"
                    "        return \"minimum\"\n"
                    "    if np.all(lam < -1e-10):\n"
                    "        return \"maximum\"\n"
                    "    return \"inconclusive\"\n"),
          hints=["The curvature of f along a direction is not read from single entries of H: "
                 "it is the eigenvalues of H that say how f curves along its eigenvectors.",
                 "Compute all the eigenvalues (H is symmetric: np.linalg.eigvalsh). All "
                 "positive: minimum; all negative: maximum; both signs: saddle.",
                 "Check for both signs first: one positive and one negative eigenvalue make a "
                 "saddle, whatever the others are, zeros included. Only when some eigenvalue is "
                 "0 (size below 1e-10, since rounding rarely gives exactly 0) and all the others "
                 "have one sign does the test say nothing: \"inconclusive\"."],
          wrong=[lambda H: "minimum" if np.linalg.det(H) > 0 else "saddle",
                 _diagonal_word, _zero_as_sign_word,
                 lambda H: ("minimum" if np.linalg.det(H) > 0 and H[0, 0] > 0 else
                            "maximum" if np.linalg.det(H) > 0 else
                            "inconclusive" if abs(np.linalg.det(H)) < 1e-10 else "saddle"),
                 _entries_word,
                 lambda H: "saddle" if np.any(np.linalg.eigvalsh(H) < 0) else "minimum",
                 lambda H: _zero_first(np.linalg.eigvalsh(H)),
                 lambda H: "minimum", lambda H: "saddle",
                 lambda H: _truth(np.linalg.eigvals(np.float32(H)).real)],
          right=[lambda H: _truth(np.linalg.eigvals(H).real).upper(),
                 lambda H: " " + _truth(np.linalg.eigh(H)[0]) + "\n",
                 lambda H: _truth(__import__("mathlib").linalg.eig_sym(H)[0]),
                 lambda H: np.str_(_truth(np.round(np.linalg.eigvalsh(H), 8)))])
def _check_classify(classify_critical_point):
    answered, said, wants = [], [], []
    for case in _classify_cases():
        H, lam, what = case
        got = classify_critical_point(H.copy())
        if not isinstance(got, str):
            raise Wrong(f"for {what} you returned {describe_value(got)}; the answer is one of the "
                        f"words {', '.join(repr(w) for w in WORDS)}")
        word = got.strip().lower()
        if word not in WORDS:
            raise Wrong(f"for {what} you returned {got!r}; the answer is one of the words "
                        f"{', '.join(repr(w) for w in WORDS)}")
        answered.append(case)
        said.append(word)
        wants.append(_truth(lam))
    wrong = [k for k, (word, want) in enumerate(zip(said, wants)) if word != want]
    if not wrong:
        return None
    H, lam, what = answered[wrong[0]]
    word, want = said[wrong[0]], wants[wrong[0]]
    eig = f"its eigenvalues are {fmt_list(np.sort(lam)[::-1])}"
    if len(set(said)) == 1:
        return (f"you said {word!r} for every Hessian, but the kind depends on each H: for "
                f"{what} {eig}, so the answer there is {want!r}")
    # words as numbers (their place in WORDS), so that the shared name_slip can compare them
    slips = [Slip(lambda H, lam, what, rule=rule: float(WORDS.index(rule(H))), words)
             for rule, words in _CLASSIFY_SLIPS]
    slip = name_slip([float(WORDS.index(w)) for w in said],
                     [float(WORDS.index(w)) for w in wants], answered, slips)
    if slip is not None:
        return f"for {what} you said {word!r}, but {eig}: {slip.words}"
    return f"for {what} you said {word!r}, but {eig}, so the answer is {want!r}"


# -- 09.2 the Jacobian of two tanh layers ---------------------------------------------------------
def _two_layer_cases():
    """(W1, b1, W2, b2, x, words): the notebook's layer followed by a second one, random sizes
    with every dimension different, a square case (a transposed answer has the right shape) and
    a saturated one."""
    rng = np.random.default_rng(91)
    yield (np.array([[1.0, -1.0, 0.5], [0.0, 2.0, -1.0]]), np.array([0.1, -0.2]),
           np.array([[0.5, -1.0]]), np.array([0.3]), np.array([0.5, 0.3, -0.4]),
           "the notebook's layer (3 inputs, 2 hidden) followed by 1 output")
    for n, k, m in ((2, 4, 3), (3, 3, 3), (int(rng.integers(5, 7)), 2, int(rng.integers(3, 5)))):
        yield (np.round(rng.normal(0, 1, size=(k, n)), 2), np.round(rng.normal(0, 0.5, size=k), 2),
               np.round(rng.normal(0, 1, size=(m, k)), 2), np.round(rng.normal(0, 0.5, size=m), 2),
               np.round(rng.normal(0, 1, size=n), 2),
               f"random layers: {n} inputs, {k} hidden, {m} outputs")
    yield (np.array([[3.0, 1.0], [-2.0, 4.0]]), np.array([1.0, -0.5]),
           np.array([[2.0, -1.0], [0.5, 3.0]]), np.array([0.2, 0.0]), np.array([0.8, 0.6]),
           "saturated layers (large W x + b)")


def _fmt_matrix(A, digits: int = 4) -> str:
    """A matrix row by row, columns aligned, each line indented: ``    [0.5, -1]``."""
    cells = [[fmt(v, digits) for v in row] for row in np.asarray(A, dtype=float)]
    width = max(len(c) for row in cells for c in row)
    return "\n".join("    [" + ", ".join(c.rjust(width) for c in row) + "]" for row in cells)


def _fmt_matrix_pair(want, got) -> tuple[str, str]:
    """``want`` and ``got`` row by row, with just enough digits (4 or more) to look different."""
    for digits in range(4, 18):
        a, b = _fmt_matrix(want, digits), _fmt_matrix(got, digits)
        if a != b:
            break
    return a, b


def _layer_jacobian(W, b, x):
    """The Jacobian of y = tanh(W x + b) with respect to x: diag(1 - y^2) W (the notebook's)."""
    y = np.tanh(W @ x + b)
    return (1 - y ** 2)[:, None] * W


def _two_layer_jacobian(W1, b1, W2, b2, x):
    h = np.tanh(W1 @ x + b1)
    return _layer_jacobian(W2, b2, h) @ _layer_jacobian(W1, b1, x)


def _hidden(W1, b1, x):
    return np.tanh(W1 @ x + b1)


_TWO_LAYER_SLIPS = [
    Slip(lambda W1, b1, W2, b2, x: W2 @ _layer_jacobian(W1, b1, x),
         "the second layer's slope 1 - y² is missing: y = tanh(W2 h + b2) scales each row of W2 by "
         "the slope of its own output"),
    Slip(lambda W1, b1, W2, b2, x: _layer_jacobian(W2, b2, _hidden(W1, b1, x)) @ W1,
         "the first layer's slope 1 - h² is missing: h = tanh(W1 x + b1) scales each row of W1 "
         "by the slope of its own output"),
    Slip(lambda W1, b1, W2, b2, x: W2 @ W1,
         "that is W2 W1, the Jacobian without either tanh: each layer's slopes scale the rows of "
         "its W"),
    Slip(lambda W1, b1, W2, b2, x: _layer_jacobian(W2, b2, W1 @ x + b1) @ _layer_jacobian(
        W1, b1, x),
         "the second layer is fed W1 x + b1; its input is the first layer's output, "
         "h = tanh(W1 x + b1)"),
    Slip(lambda W1, b1, W2, b2, x: _two_layer_jacobian(W1, np.zeros_like(b1), W2,
                                                       np.zeros_like(b2), x),
         "the biases are left out: each slope is taken at W x + b, with its b"),
    Slip.of_result(lambda want: np.asarray(want).T,
                   "your Jacobian has rows and columns swapped: entry [i, j] is dy_i/dx_j, one "
                   "row per output and one column per input"),
]


def _what(cases, W1) -> str:
    return next(c[5] for c in cases if c[0] is W1)


def _as_learner(slip):
    """A slip as a learner's function (for the exercise's list of wrong answers)."""
    return lambda W1, b1, W2, b2, x: slip.wrong(W1, b1, W2, b2, x)


def _number_shape(result):
    """The shape of ``result`` when numpy reads it as numbers, else None (text, ragged)."""
    try:
        a = np.asarray(result)
    except (ValueError, TypeError):
        return None
    return a.shape if a.dtype.kind in "iuf" else None


@exercise("09.2", "the Jacobian of two tanh layers", name="jacobian_of_two_layers",
          forbidden=(CALCULUS.saying("which approximates the Jacobian numerically (this exercise "
                                     "asks for the chain rule)"),
                     SCIPY.saying("which approximates the Jacobian numerically (this exercise "
                                  "asks for the chain rule)"),
                     forbid_object("mathlib.autodiff.Tensor", "which differentiates for you "
                                   "(this exercise asks for the chain rule)", "AUTODIFF")),
          solution=("def jacobian_of_two_layers(W1, b1, W2, b2, x):\n"
                    "    h = np.tanh(W1 @ x + b1)\n"
                    "    y = np.tanh(W2 @ h + b2)\n"
                    "    J1 = np.diag(1 - h**2) @ W1      # dh/dx, shape (k, n)\n"
                    "    J2 = np.diag(1 - y**2) @ W2      # dy/dh, shape (m, k)\n"
                    "    return J2 @ J1\n"),
          hints=["The map is a chain of two layers: first h = tanh(W1 x + b1), then "
                 "y = tanh(W2 h + b2). The chain rule for functions of vectors multiplies their "
                 "Jacobians.",
                 "Each link is a tanh layer, whose Jacobian the notebook worked out by hand: the "
                 "slopes of its outputs times its W. Take each at its own forward values: the "
                 "first at x, the second at h.",
                 "The order follows the shapes: dy/dh is (m, k) and dh/dx is (k, n), and the "
                 "product must be (m, n), one row per output of the second layer."],
          wrong=[_as_learner(slip) for slip in _TWO_LAYER_SLIPS[:5]]
          + [lambda W1, b1, W2, b2, x: _two_layer_jacobian(W1, b1, W2, b2, x).T,
             lambda W1, b1, W2, b2, x: _layer_jacobian(W2, b2, _hidden(W1, b1, x)),
             lambda W1, b1, W2, b2, x: _layer_jacobian(W1, b1, x),
             lambda W1, b1, W2, b2, x: [[str(v) for v in row]
                                        for row in _two_layer_jacobian(W1, b1, W2, b2, x)]],
          right=[lambda W1, b1, W2, b2, x: _two_layer_jacobian(W1, b1, W2, b2, x),
                 lambda W1, b1, W2, b2, x: ((1 - np.tanh(W2 @ np.tanh(W1 @ x + b1) + b2) ** 2)
                                            [:, None] * W2) @ ((1 - np.tanh(W1 @ x + b1) ** 2)
                                                               [:, None] * W1),
                 lambda W1, b1, W2, b2, x: np.einsum(
                     "i,ik,k,kj->ij", 1 - np.tanh(W2 @ _hidden(W1, b1, x) + b2) ** 2, W2,
                     1 - _hidden(W1, b1, x) ** 2, W1),
                 lambda W1, b1, W2, b2, x: _two_layer_jacobian(W1, b1, W2, b2, x).tolist()])
def _check_two_layers(jacobian_of_two_layers):
    cases = list(_two_layer_cases())
    for W1, b1, W2, b2, x, what in cases:
        (k, n), m = W1.shape, W2.shape[0]
        result = jacobian_of_two_layers(W1, b1, W2, b2, x)
        shape = _number_shape(result)
        where = f"for {what}"
        try:
            text = np.asarray(result).dtype.kind in "USO" and not callable(result)
        except (ValueError, TypeError):
            text = False
        if text and np.asarray(result, dtype=object).size and all(
                isinstance(v, str) for v in np.asarray(result, dtype=object).ravel()):
            raise Wrong(f"{where} your Jacobian holds text (numbers written in quotes, such as "
                        f"'{np.asarray(result).ravel()[0]}'); return the numbers themselves")
        if shape == (m, k) and k != n:
            raise Wrong(f"{where} you returned shape {shape_str(shape)}, the Jacobian dy/dh of "
                        "the second layer alone; the Jacobian with respect to x chains it with "
                        f"the first layer's dh/dx, shape {shape_str((k, n))}")
        if shape == (k, n) and m != k:
            raise Wrong(f"{where} you returned shape {shape_str(shape)}, the Jacobian dh/dx of "
                        "the first layer alone; chain it with the second layer's dy/dh, shape "
                        f"{shape_str((m, k))}")
        if shape == (n, m) and m != n:
            raise Wrong(f"{where} you returned shape {shape_str(shape)}; the Jacobian has one "
                        f"row per output and one column per input: {shape_str((m, n))}")
    problem = compare_cases(jacobian_of_two_layers, [c[:5] for c in cases], _two_layer_jacobian,
                            slips=_TWO_LAYER_SLIPS, what="the Jacobian",
                            where=lambda W1, b1, W2, b2, x: f"for {_what(cases, W1)},")
    if problem is None or "should be" not in problem:
        return problem
    # the first wrong case, row by row
    for W1, b1, W2, b2, x, what in cases:
        want = _two_layer_jacobian(W1, b1, W2, b2, x)
        got = as_array_of_shape(jacobian_of_two_layers(W1, b1, W2, b2, x), want.shape,
                                f"for {what}, the Jacobian")
        if not close(got, want, scale=max(1.0, float(np.abs(want).max()))):
            should, yours = _fmt_matrix_pair(want, got)
            return (f"for {what}, x = {fmt_list(x)}, the Jacobian should be (row by row)\n"
                    f"{should}\nyours is\n{yours}")
    return problem


# -- 09.3 the condition number --------------------------------------------------------------------
def _condition_cases():
    rng = np.random.default_rng(93)
    yield np.array([[5.0, 2.0], [2.0, 2.0]]), [6.0, 1.0], "the Hessian [[5, 2], [2, 2]]"
    yield np.diag([1.0, 10.0]), [10.0, 1.0], "the Hessian diag(1, 10)"
    # not geometric: a square root, max / second largest and second smallest / min all differ
    for lam in ([50.0, 1.0], [8.0, 3.0, 0.5], [3.0, 3.0, 3.0, 1.5], [100.0, 7.0, 1.0, 0.2, 9.0]):
        lam = np.array(lam) * float(np.round(rng.uniform(0.2, 3.0), 2))
        yield _with_eigenvalues(rng, lam), lam, \
            f"a random positive definite {len(lam)} x {len(lam)} Hessian"
    # κ = 4.2 / 1.3 = 3.2307...: not a round number, so a float16 answer (about 3 digits) shows
    lam = np.array([4.2, 1.3, 2.5])
    yield _with_eigenvalues(rng, lam), lam, "a random positive definite 3 x 3 Hessian"


def _condition_slips(H, lam) -> list[tuple[float, str]]:
    """The usual wrong condition numbers for H (eigenvalues ``lam``), each with a sentence that
    says what it is and gives the condition number."""
    d, lam = np.diag(H), np.sort(np.asarray(lam, dtype=float))
    kappa = lam[-1] / lam[0]
    k = fmt(kappa)
    by_min = f"The condition number divides the largest by the smallest: {k}"
    slips = [(d.max() / d.min(), "the ratio of the largest to the smallest diagonal entry. The "
              "diagonal entries are the curvatures along the axes only; the eigenvalues give "
              f"the condition number, {k}"),
             (1 / kappa, "the smallest eigenvalue over the largest. The condition number is the "
              f"largest over the smallest, {k} (always at least 1)"),
             (np.sqrt(kappa), f"which is √{k}, the square root of λ_max / λ_min. The condition "
              f"number is the ratio itself, {k}"),
             (lam[-1] - lam[0], "the difference λ_max − λ_min. The condition number is their "
              f"ratio, {k}"),
             (lam[-1], f"the largest eigenvalue alone. {by_min}")]
    if len(lam) > 2:
        slips += [(lam[-1] / lam[-2], f"the largest eigenvalue over the second largest. {by_min}"),
                  (lam[1] / lam[0], f"the second smallest eigenvalue over the smallest. {by_min}")]
    return slips


@exercise("09.3", "the condition number", name="condition_number",
          solution=("def condition_number(H):\n"
                    "    lam = np.linalg.eigvalsh(H)\n"
                    "    return lam.max() / lam.min()\n"),
          hints=["The condition number compares the steepest and the flattest curvature of the "
                 "bowl; curvatures along directions are eigenvalues of H, not its entries.",
                 "Compute the eigenvalues of the symmetric matrix H (np.linalg.eigvalsh gives "
                 "them in ascending order).",
                 "Which two eigenvalues are the steepest and the flattest curvature, and in which "
                 "order do they go into κ? It is at least 1, and exactly 1 only for a round bowl "
                 "(all eigenvalues equal)."],
          wrong=[lambda H: np.max(np.diag(H)) / np.min(np.diag(H)),
                 lambda H: np.min(np.linalg.eigvalsh(H)) / np.max(np.linalg.eigvalsh(H)),
                 lambda H: np.max(np.linalg.eigvalsh(H)) - np.min(np.linalg.eigvalsh(H)),
                 lambda H: np.sqrt(np.max(np.linalg.eigvalsh(H)) / np.min(np.linalg.eigvalsh(H))),
                 lambda H: np.max(np.abs(H)) / np.min(np.abs(H[np.abs(H) > 0])),
                 lambda H: np.linalg.eigvalsh(H)[0] / np.linalg.eigvalsh(H)[-1],
                 lambda H: np.max(np.linalg.eigvalsh(H)),
                 lambda H: np.linalg.eigvalsh(H)[-1] / np.linalg.eigvalsh(H)[-2],
                 lambda H: np.linalg.eigvalsh(H)[1] / np.linalg.eigvalsh(H)[0],
                 lambda H: np.float16(np.linalg.eigvalsh(H)[-1] / np.linalg.eigvalsh(H)[0])],
          right=[lambda H: np.linalg.cond(H),
                 lambda H: max(np.linalg.eigvals(H).real) / min(np.linalg.eigvals(H).real),
                 lambda H: float(__import__("mathlib").linalg.eig_sym(H)[0][0]
                                 / __import__("mathlib").linalg.eig_sym(H)[0][-1]),
                 lambda H: np.float32(np.linalg.eigvalsh(H)[-1] / np.linalg.eigvalsh(H)[0])])
def _check_condition(condition_number):
    answered = []                                 # (H, lam, what, the learner's number)
    for H, lam, what in _condition_cases():
        got = as_number(condition_number(H.copy()), f"for {what}, the condition number")
        answered.append((H, lam, what, got))
    wrong = [case for case in answered if not close(case[3], float(np.max(case[1]) /
                                                                    np.min(case[1])))]
    if not wrong:
        return None
    H, lam, what, got = wrong[0]
    want = float(np.max(lam) / np.min(lam))
    where = f"for {what} (eigenvalues {fmt_list(np.sort(lam)[::-1])})"
    # name a cause only when one slip gives the learner's number on every case (a slip that
    # needs three eigenvalues gives the condition number itself on a 2 x 2 Hessian)
    def slip_value(H, lam, k):
        slips = _condition_slips(H, lam)
        return slips[k][0] if k < len(slips) else float(np.max(lam) / np.min(lam))

    fits = [k for k in range(len(_condition_slips(H, lam)))
            if all(close(got_, slip_value(H_, lam_, k)) for H_, lam_, _, got_ in answered)]
    if len(fits) == 1:
        return f"{where} you returned {fmt(got)}, {_condition_slips(H, lam)[fits[0]][1]}"
    should, yours = fmt_pair(want, got)
    return f"{where} the condition number λ_max / λ_min is {should}; yours is {yours}"


# -- 09.4 by hand: eigenvalues, condition number and the largest stable learning rate -------------
# H = [[2, 1], [1, 2]]: eigenvalues 3 (along (1, 1)) and 1 (along (1, -1)); kappa = 3; lr < 2/3.
_BY_HAND = {"the largest eigenvalue": 3.0, "the smallest eigenvalue": 1.0,
            "the condition number": 3.0, "the largest stable learning rate": 2 / 3}
_BY_HAND_SLIPS = {
    "the largest eigenvalue": [(2.0, "that is a diagonal entry; the eigenvalues solve "
                                     "det(H - λI) = (2 - λ)² - 1 = 0")],
    "the smallest eigenvalue": [(2.0, "that is a diagonal entry; the eigenvalues solve "
                                      "det(H - λI) = (2 - λ)² - 1 = 0"),
                                (-1.0, "(2 - λ)² = 1 gives 2 - λ = ±1, so λ = 1 or λ = 3")],
    "the condition number": [(1 / 3, "that is the smallest over the largest; κ = λ_max / λ_min "
                                     "is at least 1"),
                             (1.0, "that is the ratio of the diagonal entries; κ uses the "
                                   "eigenvalues")],
    "the largest stable learning rate": [
        (2.0, "that is 2 / λ_min; the steepest direction sets the limit"),
        (1 / 3, "that is 1 / λ_max, where the steep direction lands in one step; the run still "
                "converges beyond it, up to where 1 - lr λ_max reaches -1"),
        (1.0, "that is 2 / 2, from a diagonal entry; use the largest eigenvalue")],
}


@exercise("09.4", "eigenvalues, condition number and learning rate by hand", name="by_hand",
          solution="by_hand = (3, 1, 3, 2 / 3)\n",
          hints=["The eigenvalues λ of a 2 x 2 matrix solve det(H - λI) = 0; for this H that is "
                 "(2 - λ)² - 1 = 0.",
                 "Then κ = λ_max / λ_min, and gradient descent on f = ½ xᵀ H x is stable when "
                 "every factor 1 - lr λ_i lies strictly between -1 and 1.",
                 "The factor of the steepest direction reaches -1 first, at the limit; solve "
                 "1 - lr λ_max = -1 for lr and give it exactly (a fraction a / b is fine)."],
          wrong=[(2, 2, 1, 1), (3, -1, 3, 2 / 3), (3, 1, 1 / 3, 2 / 3), (3, 1, 3, 2),
                 (3, 1, 3, 1 / 3), (3, 1, 3, 0.67), (3, 1, 3), "3, 1, 3, 2/3", (1, 3, 3, 2 / 3)],
          right=[(3.0, 1.0, 3.0, 0.6666666666666666), [3, 1, 3, 2 / 3],
                 np.array([3, 1, 3, 2 / 3]), (3, 1, 3, 0.666666666667)])
def _check_by_hand(by_hand):
    got = as_numbers(by_hand, 4, "(λ_max, λ_min, κ, lr_max)", "your answer")
    if np.isclose(got[0], 1.0) and np.isclose(got[1], 3.0):
        return ("you gave the eigenvalues as (1, 3); the order is (λ_max, λ_min, κ, lr_max), the "
                "largest first")
    for (name, want), value in zip(_BY_HAND.items(), got):
        if abs(value - want) <= 1e-9 * max(1.0, abs(want)):
            continue
        if value == float(np.float32(want)):
            return (f"your value for {name}, {fmt(value, 12)}, is stored as float32, which "
                    "keeps about 7 digits; give it as a Python number (a fraction a / b "
                    "computes in float64)")
        if abs(value - want) < 0.01:
            return (f"your value for {name}, {fmt(value, 12)}, is rounded; give it exactly (the "
                    "Python expression of a fraction, a / b)")
        cause = cause_of_value(value, want, _BY_HAND_SLIPS[name])
        return (f"{name} is not {fmt(value)}" + (f": {cause}" if cause else "")
                + ". The order is (λ_max, λ_min, κ, lr_max)")
    return None
