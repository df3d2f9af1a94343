"""Exercises of notebook 09: classify a critical point from its Hessian, the Jacobian of a tanh
layer, and the condition number of a positive definite Hessian.

Each checker starts with the notebook's example, then cases where the usual bugs show: a saddle
with positive diagonal entries and a maximum with a positive 2 x 2 determinant (deciding from the
diagonal or the determinant alone), a zero eigenvalue with the others of one sign (inconclusive)
and one with both signs around it (still a saddle), seeded random symmetric matrices
``Q diag(lambda) Q^T`` with chosen eigenvalues of sizes 3 to 5, layers with more outputs than
inputs and square ones (a transposed W or a missing diag shows), and rotated Hessians whose
diagonal entries are not their eigenvalues, with spectra on which the usual slips of the
condition number (a square root, the wrong pair of eigenvalues) give different numbers.
"""

from __future__ import annotations

import numpy as np

from .._checks import shape_str
from ._core import exercise
from ._feedback import Wrong, as_array_of_shape, as_number, close, describe, fmt, fmt_list, fmt_pair

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


# -- 09.1 classify a critical point ----------------------------------------------------------------
def _classify_cases():
    rng = np.random.default_rng(90)
    yield np.array([[2.0, 0.0], [0.0, 3.0]]), [2, 3], "the Hessian diag(2, 3)"
    yield np.array([[-2.0, 0.0], [0.0, -3.0]]), [-2, -3], \
        "the Hessian diag(-2, -3) (its determinant is positive too)"
    yield np.array([[1.0, 2.0], [2.0, 1.0]]), [3, -1], \
        "the Hessian [[1, 2], [2, 1]] (positive diagonal entries)"
    yield np.array([[2.0, 0.0], [0.0, -2.0]]), [2, -2], "the saddle x² − y², Hessian diag(2, -2)"
    yield np.array([[1.0, 1.0], [1.0, 1.0]]), [2, 0], "the Hessian [[1, 1], [1, 1]]"
    yield np.diag([2.0, -2.0, 0.0]), [2, -2, 0], "the Hessian diag(2, -2, 0)"
    for lam in ([1.0, -1.0, -1.0], [-0.5, -2.0, -1.0, -3.0], [0.3, 4.0, 1.0, 2.0, 0.7],
                [2.0, 1.0, -0.2]):
        lam = np.array(lam) * float(np.round(rng.uniform(0.5, 2.0), 2))
        yield _with_eigenvalues(rng, lam), lam, f"a random symmetric {len(lam)} x {len(lam)} matrix"
    yield _with_eigenvalues(rng, [3.0, 0.0, 1.0]), [3, 0, 1], \
        "a random symmetric 3 x 3 matrix with a zero eigenvalue"


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
                 lambda H: ("minimum" if np.all(np.diag(H) > 0) else
                            "maximum" if np.all(np.diag(H) < 0) else "saddle"),
                 lambda H: ("minimum" if np.all(np.linalg.eigvalsh(H) >= 0) else
                            "maximum" if np.all(np.linalg.eigvalsh(H) <= 0) else "saddle"),
                 lambda H: ("minimum" if np.linalg.det(H) > 0 and H[0, 0] > 0 else
                            "maximum" if np.linalg.det(H) > 0 else
                            "inconclusive" if abs(np.linalg.det(H)) < 1e-10 else "saddle"),
                 lambda H: ("minimum" if np.all(H >= 0) else "maximum" if np.all(H <= 0)
                            else "saddle"),
                 lambda H: "saddle" if np.any(np.linalg.eigvalsh(H) < 0) else "minimum",
                 lambda H: _zero_first(np.linalg.eigvalsh(H)),
                 lambda H: "minimum"],
          right=[lambda H: _truth(np.linalg.eigvals(H).real).upper(),
                 lambda H: " " + _truth(np.linalg.eigh(H)[0]) + "\n",
                 lambda H: _truth(__import__("mathlib").linalg.eig_sym(H)[0]),
                 lambda H: np.str_(_truth(np.round(np.linalg.eigvalsh(H), 8)))])
def _check_classify(classify_critical_point):
    for H, lam, what in _classify_cases():
        want = _truth(lam)
        got = classify_critical_point(H.copy())
        if not isinstance(got, str):
            raise Wrong(f"for {what} you returned {describe(got)}; the answer is one of the "
                        f"words {', '.join(repr(w) for w in WORDS)}")
        word = got.strip().lower()
        if word not in WORDS:
            raise Wrong(f"for {what} you returned {got!r}; the answer is one of the words "
                        f"{', '.join(repr(w) for w in WORDS)}")
        if word == want:
            continue
        eig = f"its eigenvalues are {fmt_list(np.sort(lam)[::-1])}"
        if want == "inconclusive":
            return (f"for {what} you said {word!r}, but {eig}: one is 0 and the others have "
                    "one sign, so along that eigenvector the second derivative is 0 and the "
                    "Hessian cannot decide (\"inconclusive\")")
        if want == "saddle" and word == "inconclusive":
            return (f"for {what} you said 'inconclusive', but {eig}: one positive and one "
                    "negative already make a saddle (f curves up along one eigenvector and "
                    "down along another), whatever the zero eigenvalue does")
        if want == "saddle" and np.all(np.diag(H) > 0):
            return (f"for {what} you said {word!r}, but {eig}: both signs, a saddle. Positive "
                    "diagonal entries only say f curves up along the coordinate axes; along "
                    "an eigenvector with a negative eigenvalue it curves down")
        if want == "maximum" and word == "minimum":
            return (f"for {what} you said 'minimum', but {eig}: all negative, a maximum. A "
                    "positive determinant (the product of the eigenvalues) holds for both")
        return (f"for {what} you said {word!r}, but {eig}, so the answer is {want!r}")
    return None


# -- 09.2 the Jacobian of a tanh layer -------------------------------------------------------------
def _layer_cases():
    rng = np.random.default_rng(91)
    yield (np.array([[1.0, -1.0, 0.5], [0.0, 2.0, -1.0]]), np.array([0.1, -0.2]),
           np.array([0.5, 0.3, -0.4]), "the notebook's layer (2 outputs, 3 inputs)")
    for m, n in ((4, 2), (3, 3), (int(rng.integers(2, 5)), int(rng.integers(5, 7)))):
        W = np.round(rng.normal(0, 1, size=(m, n)), 2)
        yield W, np.round(rng.normal(0, 0.5, size=m), 2), np.round(rng.normal(0, 1, size=n), 2), \
            f"a random layer with {m} outputs and {n} inputs"
    W = np.array([[3.0, 1.0], [-2.0, 4.0]])
    yield W, np.array([1.0, -0.5]), np.array([0.8, 0.6]), "a saturated layer (large W x + b)"


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
    y = np.tanh(W @ x + b)
    return (1 - y ** 2)[:, None] * W


@exercise("09.2", "the Jacobian of a tanh layer", name="jacobian_of_layer",
          solution=("def jacobian_of_layer(W, b, x):\n"
                    "    y = np.tanh(W @ x + b)\n"
                    "    return np.diag(1 - y**2) @ W\n"),
          hints=["Output i is y_i = tanh(z_i), where z_i is row i of W dotted with x, plus b_i. Row i of the "
                 "Jacobian is the gradient of y_i with respect to x.",
                 "By the chain rule, dy_i/dx_j = tanh'(z_i) W[i, j], and tanh'(z) = 1 - tanh(z)^2. "
                 "The result has one row per output and one column per input: shape (m, n).",
                 "Every row i of W gets multiplied by its own number 1 - y_i^2: a diagonal "
                 "matrix of those numbers, times W (not W transposed)."],
          wrong=[lambda W, b, x: W,
                 lambda W, b, x: np.diag(1 - np.tanh(W @ x + b) ** 2) @ W.T
                 if W.shape[0] == W.shape[1] else W.T,
                 lambda W, b, x: W * (1 - np.tanh(W @ x + b) ** 2)
                 if W.shape[0] == W.shape[1] else W.T * (1 - np.tanh(W @ x + b) ** 2),
                 lambda W, b, x: np.diag(1 - np.tanh(W @ x) ** 2) @ W,
                 lambda W, b, x: np.diag(1 / np.cosh(W @ x + b)) @ W,
                 lambda W, b, x: np.diag(1 - np.tanh(W @ x + b)) @ W,
                 lambda W, b, x: np.outer(1 - np.tanh(W @ x + b) ** 2, x),
                 lambda W, b, x: np.diag(np.tanh(W @ x + b)) @ W],
          right=[lambda W, b, x: _layer_jacobian(W, b, x),
                 lambda W, b, x: (1 - np.tanh(W.dot(x) + b) ** 2).reshape(-1, 1) * W,
                 lambda W, b, x: [[(1 - np.tanh(W[i] @ x + b[i]) ** 2) * W[i, j]
                                   for j in range(W.shape[1])] for i in range(W.shape[0])],
                 lambda W, b, x: np.diag(1 / np.cosh(W @ x + b) ** 2) @ W])
def _check_layer(jacobian_of_layer):
    for W, b, x, what in _layer_cases():
        m, n = W.shape
        want = _layer_jacobian(W, b, x)
        where = f"for {what}, W of shape {shape_str(W.shape)}"
        got = jacobian_of_layer(W.copy(), b.copy(), x.copy())
        if np.shape(got) == (n, m) and m != n:
            raise Wrong(f"{where} you returned an array of shape {shape_str((n, m))}; the "
                        f"Jacobian has one row per output and one column per input: "
                        f"{shape_str((m, n))}")
        got = as_array_of_shape(got, (m, n), f"{where}, the Jacobian")
        if close(got, want):
            continue
        y = np.tanh(W @ x + b)
        if close(got, W):
            return (f"{where} you returned W itself: that is the Jacobian of W x + b alone. "
                    "The tanh multiplies row i by its slope 1 - y_i^2 (here "
                    f"{fmt_list(1 - y ** 2)})")
        if m == n and (close(got, (1 - y ** 2)[:, None] * W.T) or close(got, W * (1 - y ** 2))
                       or close(got, want.T)):
            return (f"{where} your Jacobian mixes up rows and columns: entry [i, j] is "
                    "dy_i/dx_j = (1 - y_i^2) W[i, j], so row i of W is scaled by the slope of "
                    "output i")
        if close(got, (1 - np.tanh(W @ x) ** 2)[:, None] * W):
            return f"{where} you left out b: y = tanh(W x + b), so the slope is 1 - tanh(W x + b)^2"
        should, yours = _fmt_matrix_pair(want, got)
        return (f"{where}, x = {fmt_list(x)}, the Jacobian should be (row by row)\n{should}\n"
                f"yours is\n{yours}")
    return None


# -- 09.3 the condition number ---------------------------------------------------------------------
def _condition_cases():
    rng = np.random.default_rng(93)
    yield np.array([[5.0, 2.0], [2.0, 2.0]]), [6.0, 1.0], "the Hessian [[5, 2], [2, 2]]"
    yield np.diag([1.0, 10.0]), [10.0, 1.0], "the Hessian diag(1, 10)"
    # not geometric: a square root, max / second largest and second smallest / min all differ
    for lam in ([50.0, 1.0], [8.0, 3.0, 0.5], [3.0, 3.0, 3.0, 1.5], [100.0, 7.0, 1.0, 0.2, 9.0]):
        lam = np.array(lam) * float(np.round(rng.uniform(0.2, 3.0), 2))
        yield _with_eigenvalues(rng, lam), lam, \
            f"a random positive definite {len(lam)} x {len(lam)} Hessian"


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
                 "Compute the eigenvalues of the symmetric matrix H (np.linalg.eigvalsh) and "
                 "divide the largest by the smallest.",
                 "It is at least 1; it equals 1 only for a round bowl (all eigenvalues equal)."],
          wrong=[lambda H: np.max(np.diag(H)) / np.min(np.diag(H)),
                 lambda H: np.min(np.linalg.eigvalsh(H)) / np.max(np.linalg.eigvalsh(H)),
                 lambda H: np.max(np.linalg.eigvalsh(H)) - np.min(np.linalg.eigvalsh(H)),
                 lambda H: np.sqrt(np.max(np.linalg.eigvalsh(H)) / np.min(np.linalg.eigvalsh(H))),
                 lambda H: np.max(np.abs(H)) / np.min(np.abs(H[np.abs(H) > 0])),
                 lambda H: np.linalg.eigvalsh(H)[0] / np.linalg.eigvalsh(H)[-1],
                 lambda H: np.max(np.linalg.eigvalsh(H)),
                 lambda H: np.linalg.eigvalsh(H)[-1] / np.linalg.eigvalsh(H)[-2],
                 lambda H: np.linalg.eigvalsh(H)[1] / np.linalg.eigvalsh(H)[0]],
          right=[lambda H: np.linalg.cond(H),
                 lambda H: max(np.linalg.eigvals(H).real) / min(np.linalg.eigvals(H).real),
                 lambda H: float(__import__("mathlib").linalg.eig_sym(H)[0][0]
                                 / __import__("mathlib").linalg.eig_sym(H)[0][-1]),
                 lambda H: np.float32(np.linalg.eigvalsh(H)[-1] / np.linalg.eigvalsh(H)[0])])
def _check_condition(condition_number):
    for H, lam, what in _condition_cases():
        want = float(np.max(lam) / np.min(lam))
        got = as_number(condition_number(H.copy()), f"for {what}, the condition number")
        if close(got, want):
            continue
        where = f"for {what} (eigenvalues {fmt_list(np.sort(lam)[::-1])})"
        fits = [words for value, words in _condition_slips(H, lam) if close(got, value)]
        if len(fits) == 1:                     # name a cause only when one slip fits
            return f"{where} you returned {fmt(got)}, {fits[0]}"
        should, yours = fmt_pair(want, got)
        return f"{where} the condition number λ_max / λ_min is {should}; yours is {yours}"
    return None
