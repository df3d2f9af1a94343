"""The shared exercise machinery of issue 14: forbidden shortcuts enforced by behaviour (each rule:
the shortcut fails with its words, an own helper of the same name passes, nothing leaks),
declarative slips named only when they are the cause, precision causes (float16, rounding),
numpy's shape errors in the course's words, and hidden solutions for graded work."""

import itertools
import linecache
import re
import sys

import numpy as np
import pytest

import mathlib.calculus
import mathlib.probability
import mathlib.stats
from mathlib.exercises import _core, _rules, _slips, evaluate, exercise, hint, reference, solution
from mathlib.exercises._core import LearnerFunction, precision_cause
from mathlib.exercises._feedback import Wrong, close, tolerance
from mathlib.exercises._rules import (CALCULUS, COVARIANCE, MEDIAN, NORM, SCIPY, WHOLE_PRODUCT,
                                      Rule, forbid_object)
from mathlib.exercises._slips import (EXTRA_SQRT, FORGOT_SQRT, LOG2_FOR_LN, LOG10_FOR_LN, NEGATED,
                                      ROUNDED, SQUARED, TRANSPOSED, Slip, compare_cases,
                                      n_for_n_minus_1, n_minus_1, name_slip, sum_for_mean,
                                      wrong_axis)

FAIL, PASS = "fail", "pass"


_CELLS = itertools.count()


def cell(source: str, name: str):
    """A function as a learner defines it in a notebook cell: its own globals, numpy as np, and
    its source in linecache (as IPython keeps it, so that messages can quote their line)."""
    namespace = {"__name__": "__main__"}
    source = "import numpy as np\n" + source
    filename = f"<cell {next(_CELLS)}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


def run(function, rules, *args):
    """The learner's function called as a checker calls it under ``rules``: its result, or the
    message it fails with (Wrong or its error)."""
    try:
        return LearnerFunction(function, "f", rules)(*args)
    except (Wrong, _core.LearnerRaised) as exc:
        return str(exc)


def snapshot():
    """Every target of every rule as found in its module, numpy's array makers and the profile."""
    seen = {}
    for rule in (MEDIAN, COVARIANCE, NORM, WHOLE_PRODUCT, BAYES):
        for path in rule.targets:
            found = _rules._resolve(path)
            if found is not None:
                seen[path] = found[2]
    for attr in ("asarray", "asanyarray", "array", "ascontiguousarray", "matmul", "dot"):
        seen["numpy." + attr] = getattr(np, attr)
    seen["scipy.special.expit"] = __import__("scipy.special").special.expit
    seen["profile"] = sys.getprofile()
    return seen


BAYES = forbid_object("mathlib.probability.bayes_posterior", "which computes the posterior for you")
X = np.array([3.0, 1.0, 2.0, 10.0])
M = np.array([[1.0, 2.0], [3.0, 5.0], [0.5, -1.0]])

# rule, arguments, [(learner source, name, the shown name in the message)], own helper source
CASES = {
    "MEDIAN": (MEDIAN, (X,), [
        ("def f(x):\n    return np.median(x)\n", "np.median"),
        ("def f(x):\n    return np.percentile(x, 50)\n", "np.percentile"),
        ("def f(x):\n    return np.nanquantile(x, 0.5)\n", "np.nanquantile"),
        ("from numpy import median\ndef f(x):\n    return median(x)\n", "np.median"),
        ("def f(x):\n    return getattr(np, 'med' + 'ian')(x)\n", "np.median"),
        ("def f(x, m=np.median):\n    return m(x)\n", "np.median"),
        ("from mathlib.stats import median\ndef f(x):\n    return median(x)\n", "median"),
        ("def f(x):\n    return float(np.quantile(np.asarray(x), 0.5))\n", "np.quantile")],
        "def median(x):\n    s = np.sort(x)\n    return (s[1] + s[2]) / 2\n"
        "def f(x):\n    return median(x)\n"),
    "COVARIANCE": (COVARIANCE, (M,), [
        ("def f(X):\n    return np.cov(X, rowvar=False)\n", "np.cov"),
        ("from numpy import cov as c\ndef f(X):\n    return c(X.T)\n", "np.cov"),
        ("def f(X):\n    return np.corrcoef(X.T)\n", "np.corrcoef"),
        ("def f(X):\n    return np.asarray(np.ma.cov(X, rowvar=False))\n", "np.ma.cov"),
        ("def f(X):\n    return np.asarray(np.ma.corrcoef(X, rowvar=False))\n",
         "np.ma.corrcoef"),
        ("from numpy.ma import cov\ndef f(X):\n    return cov(X.T).data\n", "np.ma.cov"),
        ("from mathlib import stats\ndef f(X):\n    return stats.correlation(X)\n",
         "correlation"),
        ("from mathlib import stats\ndef f(X):\n    return stats.covariance(X)\n", "covariance")],
        "def cov(X):\n    C = X - X.mean(axis=0)\n    return C.T @ C / (len(X) - 1)\n"
        "def f(X):\n    return cov(X)\n"),
    "NORM": (NORM, (M[0],), [
        ("def f(x):\n    return np.linalg.norm(x)\n", "np.linalg.norm"),
        ("from numpy.linalg import norm\ndef f(x):\n    return norm(x, 2)\n", "np.linalg.norm"),
        ("import numpy.linalg as la\ndef f(x):\n    return la.vector_norm(x)\n",
         "np.linalg.vector_norm")],
        "def norm(x):\n    return float(np.sqrt(np.sum(x * x)))\ndef f(x):\n    return norm(x)\n"),
    "SCIPY": (SCIPY, (X,), [
        ("import scipy.stats\ndef f(x):\n    return scipy.stats.norm.cdf(x)\n", "scipy's cdf"),
        ("from scipy.special import expit\ndef f(x):\n    return expit(x)\n",
         "scipy.special.expit"),
        ("from scipy import special\ndef f(x):\n    return special.logsumexp(x)\n",
         "scipy's logsumexp"),
        # imports inside the function (scipy loaded lazily): what is used is named
        ("def f(x):\n    from scipy.linalg import sqrtm\n"
         "    return np.diag(sqrtm(np.diag(x * x)).real)\n", "scipy's sqrtm"),
        ("def f(x):\n    import scipy\n    return scipy.stats.zscore(x)\n", "scipy's zscore"),
        ("def f(x):\n    import scipy.stats\n    return scipy.stats.zscore(x)\n",
         "scipy's zscore")],
        "def expit(x):\n    return 1 / (1 + np.exp(-x))\ndef f(x):\n    return expit(x)\n"),
    "CALCULUS": (CALCULUS, (M[0],), [
        ("from mathlib.calculus import gradient\ndef f(x):\n"
         "    return gradient(lambda v: float(np.sum(v * v)), x)\n", "mathlib.calculus.gradient"),
        ("import mathlib.calculus as calc\ndef f(x):\n"
         "    return np.array([calc.derivative(lambda t: t * t, v) for v in x])\n",
         "mathlib.calculus.derivative")],
        "def gradient(x):\n    return 2 * x\ndef f(x):\n    return gradient(x)\n"),
    "BAYES": (BAYES, (np.array([0.5, 0.5]), np.array([0.9, 0.2])), [
        ("from mathlib.probability import bayes_posterior\ndef f(p, l):\n"
         "    return bayes_posterior(p, l)\n", "bayes_posterior"),
        ("import mathlib.probability as mp\ndef f(p, l):\n    return mp.bayes_posterior(p, l)\n",
         "bayes_posterior")],
        "def bayes_posterior(p, l):\n    u = p * l\n    return u / u.sum()\n"
        "def f(p, l):\n    return bayes_posterior(p, l)\n"),
}
SHORTCUTS = [(rule_name, source, shown) for rule_name, (_, _, found, _) in CASES.items()
             for source, shown in found]


@pytest.mark.parametrize("rule_name, source, shown", SHORTCUTS,
                         ids=[f"{r}-{s}" for r, _, s in SHORTCUTS])
def test_a_forbidden_shortcut_fails_with_its_words(rule_name, source, shown):
    rule, args, _, _ = CASES[rule_name]
    before = snapshot()
    message = run(cell(source, "f"), (rule,), *args)
    assert message == f"your function called {shown}, {rule.words_for(shown)}"
    assert "<" not in message and "__" not in message
    assert snapshot() == before


@pytest.mark.parametrize("shown, words", [
    ("np.cov", "which computes the covariance matrix for you"),
    ("np.ma.cov", "which computes the covariance matrix for you"),
    ("covariance", "which computes the covariance matrix for you"),
    ("np.corrcoef", "which computes the correlation for you"),
    ("np.ma.corrcoef", "which computes the correlation for you"),
    ("correlation", "which computes the correlation for you")])
def test_each_target_of_a_rule_has_fitting_words(shown, words):
    assert COVARIANCE.words_for(shown) == words
    assert words in COVARIANCE.all_words()
    # an exercise's own words replace them all
    said = COVARIANCE.saying("which is the answer itself")
    assert said.words_for(shown) == "which is the answer itself"
    assert said.all_words() == ("which is the answer itself",)


@pytest.mark.parametrize("answer, shown, what", [
    (lambda X: np.asarray(np.ma.cov(X, rowvar=False)), "np.ma.cov", "the covariance matrix"),
    (lambda X: np.ma.cov(X.T).filled(), "np.ma.cov", "the covariance matrix"),
    (lambda X: np.asarray(np.ma.corrcoef(X, rowvar=False)), "np.ma.corrcoef", "the correlation"),
    (lambda X: np.corrcoef(X, rowvar=False), "np.corrcoef", "the correlation")])
def test_the_covariance_exercise_refuses_every_numpy_route(answer, shown, what):
    result = evaluate("03.4", answer)
    assert result.status == FAIL
    assert f"your function called {shown}, which computes {what} for you" in result.message


def test_importing_or_touching_a_forbidden_module_is_not_a_call_and_never_shows_module_code():
    for source in ("def f(x):\n    from scipy.linalg import sqrtm\n    return float(x.sum())\n",
                   "def f(x):\n    import scipy.stats\n    return float(x.sum())\n",
                   "def f(x):\n    import scipy\n    s = scipy.optimize\n"
                   "    return float(x.sum())\n"):
        assert run(cell(source, "f"), (SCIPY,), X) == pytest.approx(16.0), source
    # a name the package does not have (its __getattr__ raises): the package is named
    message = run(cell("def f(x):\n    import scipy\n    return scipy.rv_discrete(values=x)\n",
                       "f"), (SCIPY,), X)
    assert message == "your function used scipy, but this exercise asks for numpy only (no scipy)"
    # Python code without a name of its own (a lambda, a generator) is named by its public module
    import scipy.stats._distn_infrastructure as infrastructure
    dirs = _rules._module_dirs("scipy")
    assert _rules._public_module(infrastructure.__file__, dirs, "scipy") == "scipy.stats"
    record = _rules.Record(_rules._public_module(infrastructure.__file__, dirs, "scipy"), SCIPY,
                           verb="used")
    assert record.message() == ("your function used scipy.stats, but this exercise asks for numpy "
                                "only (no scipy)")


@pytest.mark.parametrize("rule_name", CASES)
def test_an_own_helper_of_the_same_name_passes(rule_name):
    rule, args, _, own = CASES[rule_name]
    out = run(cell(own, "f"), (rule,), *args)
    assert not isinstance(out, str), out
    assert type(out) is not _rules.Watched


@pytest.mark.parametrize("rule_name", CASES)
def test_nothing_leaks_when_the_learner_raises(rule_name):
    rule, args, found, _ = CASES[rule_name]
    source = found[0][0].replace("    return ", "    value = ", 1) + "    raise KeyError('k')\n"
    before = snapshot()
    function = cell(source, "f")
    globals_before = dict(function.__globals__)
    message = run(function, (rule,), *args)
    assert message.startswith(f"your function called {found[0][1]}, ")   # the rule, not the error
    assert snapshot() == before and _rules._ACTIVE is None
    assert function.__globals__ == globals_before
    assert _rules.targets_restored()
    raising = cell("def f(*a):\n    raise ValueError('mine')\n", "f")
    assert "ValueError: mine" in run(raising, (rule,), *args)
    assert snapshot() == before


def test_a_rule_is_given_its_own_words_and_catalogued():
    said = MEDIAN.saying("which sorts and picks the middle for you")
    assert said.targets == MEDIAN.targets and said.words != MEDIAN.words
    message = run(cell("def f(x):\n    return np.median(x)\n", "f"), (said,), X)
    assert message == "your function called np.median, which sorts and picks the middle for you"
    assert set(_rules.RULES) == {"MEDIAN", "COVARIANCE", "NORM", "WHOLE_PRODUCT", "SCIPY",
                                 "CALCULUS"}
    assert isinstance(forbid_object("numpy.cov"), Rule)


def test_calls_inside_numpy_and_the_checkers_callbacks_are_not_the_learners():
    # np.nanmedian calls the median machinery inside numpy: recorded once, as what they called
    message = run(cell("def f(x):\n    return np.nanmedian(x)\n", "f"), (MEDIAN,), X)
    assert message == "your function called np.nanmedian, which computes the median for you"
    # a function the checker passes in runs unwatched
    out = run(cell("def f(g, x):\n    return g(x) + 1\n", "f"), (MEDIAN, WHOLE_PRODUCT),
              lambda v: float(np.median(v) + v @ v), X)
    assert out == pytest.approx(2.5 + 114 + 1)
    # sorting, sums, means are not forbidden by any rule
    out = run(cell("def f(x):\n    return np.sort(x).mean() + x.sum()\n", "f"),
              tuple(_rules.RULES.values()), X)
    assert out == pytest.approx(4.0 + 16.0)


# -- the whole-product rule ----------------------------------------------------------------------
A = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
B = np.array([[1.0, 0.0], [2.0, -1.0], [0.5, 3.0]])
ALLOWED = {
    "row @ column in loops": "def f(A, B):\n    C = np.zeros((A.shape[0], B.shape[1]))\n"
        "    for i in range(A.shape[0]):\n        for j in range(B.shape[1]):\n"
        "            C[i, j] = A[i] @ B[:, j]\n    return C\n",
    "np.dot of a row and a column": "def f(A, B):\n    return np.array([[np.dot(A[i], B[:, j]) "
        "for j in range(B.shape[1])] for i in range(A.shape[0])])\n",
    "three loops": "def f(A, B):\n    C = np.zeros((A.shape[0], B.shape[1]))\n"
        "    for i in range(A.shape[0]):\n        for j in range(B.shape[1]):\n"
        "            for k in range(A.shape[1]):\n                C[i, j] += A[i, k] * B[k, j]\n"
        "    return C\n",
    "scalar times a row (i-k-j)": "def f(A, B):\n    C = np.zeros((A.shape[0], B.shape[1]))\n"
        "    for i in range(A.shape[0]):\n        for k in range(A.shape[1]):\n"
        "            C[i] += A[i, k] * B[k]\n    return C\n",
    "sum of an element-wise row times column": "def f(A, B):\n    C = np.zeros((len(A), "
        "B.shape[1]))\n    for i in range(len(A)):\n        for j in range(B.shape[1]):\n"
        "            C[i, j] = np.sum(A[i, :] * B[:, j])\n    return C\n",
    "a (1, n) row times a column": "def f(A, B):\n    return np.array([[np.sum(A[[i]] * B[:, j]) "
        "for j in range(B.shape[1])] for i in range(len(A))])\n",
    "two columns of the same shape": "def f(A, B):\n    return np.array([[np.sum(A[i][:, None] "
        "* B[:, [j]]) for j in range(B.shape[1])] for i in range(len(A))])\n",
    "a column times a number": "def f(A, B):\n    C = np.zeros((len(A), B.shape[1]))\n"
        "    for j in range(B.shape[1]):\n        for k in range(A.shape[1]):\n"
        "            C[:, j] += A[:, k] * B[k, j]\n    return C\n",
    "einsum of two vectors": "def f(A, B):\n    return np.array([[np.einsum('k,k->', a, b) "
        "for b in B.T] for a in A])\n",
}
FORBIDDEN_PRODUCTS = {
    "A @ B": ("def f(A, B):\n    return A @ B\n", "used @ on arrays of shapes (2, 3) and (3, 2)"),
    "np.inner(A, B.T)": ("def f(A, B):\n    return np.inner(A, B.T)\n",
                         "called np.inner on arrays of shapes (2, 3) and (2, 3)"),
    "broadcast": ("def f(A, B):\n    return (A[:, :, None] * B[None]).sum(axis=1)\n",
                  "used a broadcast product ((2, 3, 1) times (1, 3, 2) gives a table of products "
                  "of shape (2, 3, 2) at once; a row times a column gives a 1-D array)"),
    "a row as a column times B": ("def f(A, B):\n    return np.array([(A[i][:, None] * B).sum(0) "
                                  "for i in range(len(A))])\n",
                                  "used a broadcast product ((3, 1) times (3, 2) gives a table of "
                                  "products of shape (3, 2) at once"),
    "a row times B transposed": ("def f(A, B):\n    return np.array([(A[i] * B.T).sum(1) for i "
                                 "in range(len(A))])\n", "used a broadcast product ((3,) times "
                                 "(2, 3)"),
    "np.multiply broadcast": ("def f(A, B):\n    return np.array([np.multiply(A[i][:, None], B)"
                              ".sum(0) for i in range(len(A))])\n", "used a broadcast product"),
    "np.matmul": ("def f(A, B):\n    return np.matmul(A, B)\n", "called np.matmul"),
    "np.dot": ("from numpy import dot\ndef f(A, B):\n    return dot(A, B)\n", "called np.dot"),
    ".dot": ("def f(A, B):\n    return A.dot(B)\n", "used the .dot method"),
    "einsum": ("def f(A, B):\n    return np.einsum('ik,kj->ij', A, B)\n", "called np.einsum"),
    "tensordot": ("def f(A, B):\n    return np.tensordot(A, B, axes=1)\n", "called np.tensordot"),
    "asarray then @": ("def f(A, B):\n    return np.asarray(A) @ np.array(B)\n", "used @"),
    "a whole row at once": ("def f(A, B):\n    return np.array([A[i] @ B for i in "
                            "range(len(A))])\n", "used @ on arrays of shapes (3,) and (3, 2)"),
    "outer products per k": ("def f(A, B):\n    return sum(np.outer(A[:, k], B[k]) for k in "
                             "range(A.shape[1]))\n", "called np.outer"),
    "column times row": ("def f(A, B):\n    return sum(A[:, [k]] * B[[k], :] for k in "
                         "range(A.shape[1]))\n", "used a broadcast product"),
}


@pytest.mark.parametrize("name", ALLOWED)
def test_products_of_one_entry_pass_the_whole_product_rule(name):
    out = run(cell(ALLOWED[name], "f"), (WHOLE_PRODUCT,), A, B)
    assert not isinstance(out, str), out
    assert type(out) is np.ndarray and np.allclose(out, A @ B)


@pytest.mark.parametrize("name", FORBIDDEN_PRODUCTS)
def test_products_of_several_entries_fail_the_whole_product_rule(name):
    source, words = FORBIDDEN_PRODUCTS[name]
    before = snapshot()
    message = run(cell(source, "f"), (WHOLE_PRODUCT,), A, B)
    assert isinstance(message, str) and message.startswith(f"your function {words}"), message
    assert message.endswith(", which computes several entries of a matrix product at once (not "
                            "allowed anywhere in your function, even in a self-check)")
    assert message.endswith(WHOLE_PRODUCT.words)
    assert snapshot() == before


def test_the_matmul_exercise_refuses_a_broadcast_row_and_keeps_the_loop_orders():
    """02.3 through evaluate: a row broadcast against B computes a whole row of C and fails; a
    number times a row (the i-k-j loop order) and a row times a column pass."""
    def broadcast_rows(A, B):
        return np.array([(A[i][:, None] * B).sum(0) for i in range(A.shape[0])])

    def ikj(A, B):
        C = np.zeros((A.shape[0], B.shape[1]))
        for i in range(A.shape[0]):
            for k in range(A.shape[1]):
                C[i] += A[i, k] * B[k]
        return C

    def row_times_column(A, B):
        return np.array([[np.sum(A[i] * B[:, j]) for j in range(B.shape[1])]
                         for i in range(A.shape[0])])
    result = evaluate("02.3", broadcast_rows)
    assert result.status == FAIL and "used a broadcast product" in result.message, result.message
    assert WHOLE_PRODUCT.words in result.message
    for answer in (ikj, row_times_column):
        assert evaluate("02.3", answer).status == PASS


def test_a_whole_product_in_a_self_check_is_explained_as_such():
    """A correct loop followed by ``assert np.allclose(C, A @ B)`` fails (the rule is about what
    the function computes), and the message says that a self-check counts."""
    source = ("def f(A, B):\n    C = np.zeros((A.shape[0], B.shape[1]))\n"
              "    for i in range(A.shape[0]):\n        for j in range(B.shape[1]):\n"
              "            C[i, j] = A[i] @ B[:, j]\n"
              "    assert np.allclose(C, A @ B)\n    return C\n")
    message = run(cell(source, "f"), (WHOLE_PRODUCT,), A, B)
    assert message.startswith("your function used @ on arrays of shapes (2, 3) and (3, 2)")
    assert "anywhere in your function, even in a self-check" in message


def test_forbidden_rules_through_evaluate_and_registration(monkeypatch):
    monkeypatch.setattr(_core, "REGISTRY", {})

    def checker(f):
        return _slips.compare_cases(f, [(X,), (M[:, 0],)], lambda x: float(np.median(x)),
                                    what="the median")
    exercise("98.1", "t", name="f", solution="def f(x):\n    return float(np.median(x))\n",
             hints=["h"], wrong=[], forbidden=MEDIAN)(checker)
    assert _core.REGISTRY["98.1"].forbidden == (MEDIAN,)
    right = cell("def f(x):\n    s = np.sort(x)\n    n = len(s)\n"
                 "    return (s[(n - 1) // 2] + s[n // 2]) / 2\n", "f")
    assert _core.REGISTRY["98.1"].evaluate(right).status == PASS
    result = _core.REGISTRY["98.1"].evaluate(cell("def f(x):\n    return np.percentile(x, 50)\n",
                                                  "f"))
    assert result.status == FAIL
    assert result.message.startswith("Not yet: your function called np.percentile, which "
                                     "computes the median for you\n")
    with pytest.raises(ValueError, match="forbidden takes rules"):
        exercise("98.2", "t", name="f", solution="def f(x):\n    return x\n", hints=["h"],
                 wrong=[], forbidden=("np.median",))(checker)


# -- slips -----------------------------------------------------------------------------------------
def _std_cases():
    rng = np.random.default_rng(5)
    yield (np.array([[1.0, 2.0], [3.0, 5.0], [4.0, 9.0]]),)
    yield (np.round(rng.normal(3, 2, size=(6, 4)), 2),)
    yield (np.round(rng.normal(-1, 1, size=(5, 5)), 2),)


def _cov(X):
    C = X - X.mean(axis=0)
    return C.T @ C / (len(X) - 1)


def _log_mean(X):
    return np.log(np.abs(X).mean(axis=0) + 1)


# library slip, the exercise's reference, a learner making exactly that slip
LIBRARY = [
    (TRANSPOSED, lambda X: X[:2] * 2.0, lambda X: (X[:2] * 2.0).T),
    (NEGATED, lambda X: X.mean(axis=0), lambda X: -X.mean(axis=0)),
    (SQUARED, lambda X: X.mean(axis=0), lambda X: X.mean(axis=0) ** 2),
    (FORGOT_SQRT, lambda X: X.std(axis=0), lambda X: X.var(axis=0)),
    (EXTRA_SQRT, lambda X: X.var(axis=0), lambda X: X.std(axis=0)),
    (LOG10_FOR_LN, _log_mean, lambda X: np.log10(np.abs(X).mean(axis=0) + 1)),
    (LOG2_FOR_LN, _log_mean, lambda X: np.log2(np.abs(X).mean(axis=0) + 1)),
    (ROUNDED, lambda X: X.std(axis=0), lambda X: np.round(X.std(axis=0), 3)),
    (sum_for_mean(), lambda X: X.mean(axis=0), lambda X: X.sum(axis=0)),
    (n_minus_1(), lambda X: X.var(axis=0), lambda X: X.var(axis=0, ddof=1)),
    (n_for_n_minus_1(), _cov, lambda X: np.cov(X, rowvar=False, bias=True)),
    (wrong_axis(lambda X: X[:, :2].mean(axis=1)[:2]), lambda X: X[:, :2].mean(axis=0),
     lambda X: X[:, :2].mean(axis=1)[:2]),
]


@pytest.mark.parametrize("slip, ref, learner", LIBRARY, ids=[s.name for s, _, _ in LIBRARY])
def test_each_library_slip_fails_and_is_named(slip, ref, learner):
    others = [s for s, _, _ in LIBRARY if s is not slip and s.name not in (
        {"squared": "forgot the square root", "forgot the square root": "squared"}.get(slip.name),)]
    for slips in ([slip], others + [slip]):
        message = compare_cases(LearnerFunction(learner, "f"), _std_cases(), ref, slips=slips,
                                what="the result", where=lambda X: f"for X of shape {X.shape}")
        assert message == f"for X of shape (3, 2) {slip.words}", message
    assert compare_cases(LearnerFunction(ref, "f"), _std_cases(), ref, slips=[slip]) is None


def test_a_slip_is_named_only_when_it_is_the_cause():
    ref = lambda X: X.std(axis=0)                                           # noqa: E731
    # two slips giving the same numbers: neither is named
    message = compare_cases(lambda X: X.var(axis=0), _std_cases(), ref,
                            slips=[FORGOT_SQRT, SQUARED], where=lambda X: "here")
    assert "square" not in message and message.startswith("here entry ")
    assert "of the result should be" in message
    # a slip that fits the first case only is not named
    def sometimes(X):
        return X.var(axis=0) if X.shape == (3, 2) else X.std(axis=0) + 1
    message = compare_cases(sometimes, _std_cases(), ref, slips=[FORGOT_SQRT])
    assert "square root" not in message and "should be" in message
    # a slip equal to the right answer on every case tells nothing
    same = Slip(lambda X: X.std(axis=0), "never said")
    assert name_slip([np.ones(2)], [np.zeros(2)], [(np.zeros((3, 2)),)], [same]) is None
    # a wrong shape is checked against the slips before it is reported
    message = compare_cases(lambda X: X.std(axis=1), _std_cases(), ref,
                            slips=[wrong_axis(lambda X: X.std(axis=1))])
    assert message.startswith("for the input <array of shape (3, 2)>: you computed along the "
                              "other axis")
    with pytest.raises(Wrong, match=r" the result should have shape \(2,\)"):
        compare_cases(lambda X: X.std(axis=1), _std_cases(), ref, slips=[FORGOT_SQRT])


def test_compare_cases_reports_the_first_wrong_case_with_both_numbers():
    ref = lambda x: float(np.sum(x))                                        # noqa: E731
    cases = [(np.array([1.0, 2.0]),), (np.array([0.5, 0.25, 4.0]),)]
    assert compare_cases(lambda x: float(x.sum()), cases, ref) is None
    message = compare_cases(lambda x: float(x.sum()) + (len(x) == 3), cases, ref,
                            what="the sum", where=lambda x: f"for {len(x)} numbers")
    assert message == "for 3 numbers the sum should be 4.75; yours is 5.75"
    # rtol for an exercise whose exact answer is reached to more digits
    near = lambda x: float(x.sum()) * (1 + 1e-9)                            # noqa: E731
    assert compare_cases(near, cases, ref) is None
    assert "should be" in compare_cases(near, cases, ref, rtol=1e-11)


def test_the_two_doors_for_own_messages_use_the_same_rule():
    """run_cases + cause_in_results and cause_of_calls name a slip only when it is the only one
    that fits every answered case; a pair (wrong, words) is a Slip."""
    cases = [(np.array([1.0, 2.0]),), (np.array([3.0, -1.0, 4.0]),)]
    mean = lambda x: float(np.mean(x))                                      # noqa: E731
    total = (lambda x: float(np.sum(x)), "a sum where the mean is asked")
    first = (lambda x: float(x[0]), "only the first value")
    assert _slips.as_slip(total) == Slip(total[0], total[1])

    def judge(args, got):
        return got, close(got, mean(*args))
    results, failure = _slips.run_cases(lambda x: float(np.sum(x)), cases, judge)
    assert failure[0] is cases[0] and len(results) == 2
    assert _slips.cause_in_results(results, failure[0], [total, first]) == total[1]
    assert _slips.cause_in_results(results, (np.array([9.0]),), [total]) is None   # not answered
    assert _slips.cause_of_calls(lambda x: float(np.sum(x)), cases, [total, first], mean) == \
        total[1]
    # two slips with other words fit: neither is named
    same_as_sum = (lambda x: float(np.sum(x)), "another explanation")
    assert _slips.cause_of_calls(lambda x: float(np.sum(x)), cases, [total, same_as_sum],
                                 mean) == ""
    # a case on which the learner's function raises tells nothing either way
    def sum_but_short(x):
        if len(x) == 2:
            raise ValueError("no")
        return float(np.sum(x))
    assert _slips.cause_of_calls(sum_but_short, cases, [total], mean) == total[1]


def test_a_by_hand_number_is_named_only_by_the_one_wrong_value_it_is():
    wrong = [(12.0, "a count"), (0.25, "the other marginal"), (0.15, "a joint probability")]
    assert _slips.cause_of_value(12.0, 0.3, wrong) == "a count"
    assert _slips.cause_of_value(12.5, 0.3, wrong) is None
    assert _slips.cause_of_value(0.2501, 0.3, wrong, tolerance=1e-3, relative=True) == \
        "the other marginal"
    assert _slips.cause_of_value(12.0, 0.3, wrong + [(12.0, "another reading")]) is None


def test_sentence_writes_words_as_a_sentence_to_append():
    from mathlib.exercises._feedback import sentence
    assert sentence("you divided by n - 1") == " You divided by n - 1."
    assert sentence("is the loop over every index?", before=". ") == \
        ". Is the loop over every index?"
    assert sentence("") == ""


# -- precision: float16, float32, rounding (section 2) -------------------------------------------
def test_float32_passes_and_float16_fails_with_its_reason():
    assert tolerance(np.zeros(1, np.float16)) == tolerance(np.zeros(1, np.float32))
    want = np.array([1.08, 2.17, 3.3333333])
    assert close(want.astype(np.float32), want)
    assert not close(want.astype(np.float16), want)
    for id in ("02.2", "03.4", "12.2"):
        ref = reference(id)
        ok = evaluate(id, lambda *a: np.asarray(ref(*a)).astype(np.float32))
        assert ok.status == PASS, ok.message
        half = evaluate(id, lambda *a: np.asarray(ref(*a)).astype(np.float16))
        assert half.status == FAIL
        assert "float16 keeps about 3 digits" in half.message, half.message


def test_a_rounded_answer_fails_saying_it_was_rounded():
    for id in ("02.2", "03.4"):
        ref = reference(id)
        result = evaluate(id, lambda *a: np.round(ref(*a), 3))
        assert result.status == FAIL
        assert "rounded to 3 decimals" in result.message, result.message
    assert precision_cause([(round(2 / 3, 4), 2 / 3)]).startswith(
        "your answer is the right one rounded to 4 decimals (round(x, 4) or np.round)")
    assert precision_cause([(0.65, 2 / 3)]) is None                # not rounding: wrong
    assert precision_cause([(np.array([2, 3]), np.array([2.4, 3.1]))]) is None   # integers


def test_one_case_wrong_for_another_reason_means_no_rounded_message():
    """A case that is plainly wrong stays the verdict, whatever the cases after it look like."""
    rounded, wrong = (1.0, 0.9772), (1.0, 0.5)          # round(0.9772, 1) = 1.0; 1.0 vs 0.5
    for pairs in ([rounded, wrong, rounded], [wrong, rounded], [rounded, wrong]):
        assert precision_cause(pairs) is None, pairs
    assert precision_cause([rounded, (0.5, 0.5), rounded]).startswith(
        "your answer is the right one rounded to 1 decimal")


def test_by_hand_rounding_is_told_only_for_a_rounding():
    from mathlib.exercises._slips import by_hand_problem
    names, wants = ["x"], [0.15]
    assert "rounded" not in by_hand_problem((0.1,), names, wants)   # as far off, not a rounding
    assert "right value rounded" in by_hand_problem((0.2,), names, wants)
    assert "right value rounded" in by_hand_problem((0.667,), names, [2 / 3])
    assert "right value rounded" in by_hand_problem((0.63,), names, [0.625])   # half up
    assert "right value rounded" in by_hand_problem((0.62,), names, [0.625])   # half to even
    assert "rounded" not in by_hand_problem((0.3,), names, [0.35])   # 0.35 rounds to 0.4


@pytest.mark.parametrize("source, words", [
    ("def f(A, B):\n    return B @ B\n",
     "a matrix product (@) of shapes (3, 2) and (3, 2): the shape rule needs the last length of "
     "the first array to equal the first length of the second"),
    ("def f(A, B):\n    C = A.T\n    return C @ B\n",
     "a matrix product (@) of shapes (3, 2) and (3, 2)"),
    ("def f(A, B):\n    return A + B\n",
     "numpy could not combine arrays of shapes (2, 3) and (3, 2) element by element"),
    ("def f(A, B):\n    return np.dot(A, A)\n", "a matrix product of shapes (2, 3) and (2, 3)"),
    ("def f(A, B):\n    return np.matmul(B, B)\n", "a matrix product (@) of shapes (3, 2) and (3, 2)"),
])
def test_numpy_shape_errors_are_told_in_the_course_words_with_both_shapes(source, words):
    message = run(cell(source, "f"), (), A, B)
    assert words in message, message
    assert "your function raised ValueError" in message            # their error, their line


def test_a_product_error_of_unreadable_operands_still_names_the_rule():
    message = run(cell("def f(A, B):\n    return A.T @ (B @ B)\n", "f"), (), A, B)
    assert "a matrix product (@): the shape rule needs" in message


# -- hidden solutions (issue 17) ------------------------------------------------------------------
def _hints_of(id):
    return _core.REGISTRY[id].hints
def test_hidden_solutions_for_graded_work(monkeypatch, capsys):
    monkeypatch.setenv("MATHLIB_HIDE_SOLUTIONS", "1")
    solution("02.2")
    out = capsys.readouterr().out
    assert out.startswith("Solutions are hidden for graded work; ask your teacher")
    assert "X @ W" not in out
    with pytest.raises(_core.SolutionsHidden, match="solutions are hidden for graded work"):
        reference("02.2")
    for _ in _hints_of("02.2"):
        hint("02.2")
    out = capsys.readouterr().out
    assert out.startswith("Hint ") and out.rstrip().endswith("(that is the last hint)")
    assert "solution(" not in out
    assert evaluate("02.2", lambda X, W, b: X @ W + b).status == PASS     # checking still works
    monkeypatch.setenv("MATHLIB_HIDE_SOLUTIONS", "0")
    solution("02.2")
    assert "X @ W + b" in capsys.readouterr().out
    assert callable(reference("02.2"))


def test_mathlib_modules_are_importable_for_the_rules():
    assert mathlib.calculus.gradient and mathlib.probability.bayes_posterior
    assert mathlib.stats.median
    assert re.fullmatch(r"np\.\w+", _rules._shown("numpy.median"))


def test_close_takes_the_tolerance_an_exact_answer_reaches():
    exact, central = 2.0, 2.0 + 1e-10
    assert close(central, exact) and not close(central, exact, rtol=1e-11)
    assert close(exact * (1 + 1e-12), exact, rtol=1e-11)


def test_stand_ins_are_made_once_and_restored():
    function = cell("def f(x):\n    return np.median(x)\n", "f")
    run(function, (MEDIAN,), X)
    made = dict(_rules._STAND_INS)
    run(function, (MEDIAN,), X)
    assert _rules._STAND_INS == made and np.median is snapshot()["numpy.median"]
    assert not _rules.is_stand_in(np.median) and _rules.targets_restored()


def test_shared_feedback_helpers():
    from mathlib.exercises import _feedback
    assert [_feedback.plain(x) for x in (3.333e-05, 5.8434, 2.0, -0.0)] == [
        "0.00003333", "5.843", "2", "0"]
    for answer in ((32, 28, 28, 3), [2, 3], np.array([4, 5])):
        assert _feedback.as_shape(answer) == tuple(int(n) for n in answer)
    for bad in ((32.0, 28), 7, "(2, 3)", (True, 3)):
        with pytest.raises(Wrong):
            _feedback.as_shape(bad)
    assert _feedback.fmt_rows([[1, 2], [3, 4.5]]) == "[[1, 2], [3, 4.5]]"
    assert [_feedback.fmt_array(a) for a in (2.5, [1, 2.0], [[1, 2], [3, 4.5]])] == [
        "2.5", "[1, 2]", "[[1, 2], [3, 4.5]]"]


def test_quiet_silences_numpy_warnings_of_the_learners_code_and_keeps_its_result():
    import warnings

    def overflowing(x, y):
        return np.exp(x) * y

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _slips.quiet(overflowing)(np.array([1000.0]), 2.0)[0] == np.inf
        assert _slips.quiet(overflowing)(0.0, 3.0) == 3.0
    with pytest.raises(ZeroDivisionError):           # an exception still reaches the checker
        _slips.quiet(lambda: 1 / 0)()


def test_a_slip_that_says_nothing_on_a_case_and_slips_with_the_same_words():
    ref = lambda x: float(np.sqrt(x.sum()))                                  # noqa: E731
    cases = [(np.array([1.0, 3.0]),), (np.array([-5.0, 1.0]),), (np.array([2.0, 7.0]),)]
    # the learner's function forgets the root; on case 2 a "forgot the root" slip gives -4 ...
    gots = [4.0, -4.0, 9.0]
    wants = [2.0, float("nan"), 3.0]
    only_positive = Slip(lambda x: float(x.sum()) if x.sum() > 0 else None, "no root")
    assert name_slip(gots, wants, cases, [only_positive], failing=0) is only_positive
    # two slips with the same words are one cause; with other words, two causes: none named
    twin = Slip(lambda x: float(x.sum()), "no root")
    other = Slip(lambda x: float(x.sum()), "other words")
    assert name_slip(gots, wants, cases, [only_positive, twin], failing=0).words == "no root"
    assert name_slip(gots, wants, cases, [only_positive, other], failing=0) is None
    # a slip must fit the failing case itself
    late = Slip(lambda x: None if x[0] == 1.0 else float(x.sum()), "late")
    assert name_slip(gots, wants, cases, [late], failing=0) is None


def test_broadcast_errors_name_the_lengths_that_clash():
    message = run(cell("def f(A, B):\n    return A + B\n", "f"), (), A, B)
    assert "(2, 3) and (3, 2) element by element" in message and "(here 3 and 2 differ)" in message
    assert "(numpy's words: operands could not be broadcast" in message


def test_a_forbidden_function_given_as_the_answer_itself_fails():
    for answer in (np.median, np.nanmedian):
        message = run(answer, (MEDIAN,), X)
        assert isinstance(message, str) and "which computes the median for you" in message
    message = run(np.median, (MEDIAN,), [3.0, 1.0, 2.0])          # a list: no watched array
    assert message == "your function called np.median, which computes the median for you"


def test_in_place_changes_are_caught_under_the_rules_too(monkeypatch):
    monkeypatch.setattr(_core, "REGISTRY", {})

    def checker(f):
        return compare_cases(f, [(X.copy(),)], lambda x: float(np.sort(x)[1]))
    exercise("98.1", "t", name="f", solution="def f(x):\n    return float(np.sort(x)[1])\n",
             hints=["h"], wrong=[], forbidden=(MEDIAN,))(checker)
    spoiling = cell("def f(x):\n    x.sort()\n    return float(x[1])\n", "f")
    result = _core.REGISTRY["98.1"].evaluate(spoiling)
    assert result.status == FAIL and "changed its input x" in result.message


def test_an_exact_tolerance_still_lets_float32_pass():
    exact = np.array([2.0, -3.0])
    assert close(exact.astype(np.float32), exact, rtol=1e-11)
    assert not close(exact + 1e-10, exact, rtol=1e-11)
    assert precision_cause([(np.float16(2 / 3), 2 / 3)], "your answer holds").startswith(
        "your answer holds float16 numbers, and float16 keeps about 3 digits")


@pytest.mark.parametrize("id", [i for i in sorted(_core.REGISTRY) if _core.REGISTRY[i].is_function])
def test_watching_changes_no_verdict(id, monkeypatch):
    """With a rule nobody breaks added, every registered answer gets the same verdict and words:
    the watched arguments and stand-ins are invisible to right and wrong answers alike."""
    ex = _core.REGISTRY[id]
    answers = list(ex.wrong) + list(ex.right) + [ex.reference()]
    plain = [ex.evaluate(a) for a in answers]
    extra = forbid_object("numpy.fft.fft", "unused")
    monkeypatch.setattr(ex, "forbidden", (*ex.forbidden, extra))   # added to, never replaced
    assert ex.forbidden[-1] is extra and len(ex.forbidden) == len(_core.REGISTRY[id].forbidden)
    watched = [ex.evaluate(a) for a in answers]
    assert watched == plain
    assert _rules.targets_restored()


def test_the_numpy_internals_the_rules_rely_on_are_still_there():
    """The one guarded place that reads numpy's internals: a dispatcher's ``_implementation``
    (its Python code, for the profile hook). Fails loudly when numpy changes it."""
    for path in ("numpy.median", "numpy.percentile", "numpy.cov", "numpy.linalg.norm"):
        assert _rules._code_of(_rules._resolve(path)[2]) is not None, path
    assert isinstance(np.matmul, np.ufunc)


_WITH_RULES = [(id, rule) for id in sorted(_core.REGISTRY)
               for rule in _core.REGISTRY[id].forbidden]


_NONE_YET = pytest.param(None, None, marks=pytest.mark.skip(
    reason="no exercise declares forbidden rules yet"))


@pytest.mark.parametrize("id, rule", _WITH_RULES or [_NONE_YET],
                         ids=lambda v: getattr(v, "name", v))
def test_every_declared_rule_fails_its_shortcut_and_passes_the_right_answers(id, rule):
    """Each rule an exercise declares is enforced by its checker: the reference answer plus one
    call that breaks the rule fails with the rule's words (no name check answers first); the
    reference and the right answers break no rule."""
    ex = _core.REGISTRY[id]
    namespace = {"__name__": "__main__", "reference_answer": ex.reference()}
    source = ("import numpy as np\n"
              f"def {ex.name}(*args):\n"
              "    try:\n"
              f"        {rule.breaking_line()}\n"
              "    except Exception:\n"
              "        pass\n"
              "    return reference_answer(*args)\n")
    exec(compile(source, f"<shortcut {id}>", "exec"), namespace)
    result = ex.evaluate(namespace[ex.name])
    assert result.status == FAIL and rule.words in result.message, (
        f"exercise {id} forbids {rule.name}, but {rule.breaking_line()!r} inside the reference "
        f"answer gives: {result.message}")
    for answer in list(ex.right) + [ex.reference()]:
        result = ex.evaluate(answer)
        assert not any(w in result.message for r in ex.forbidden for w in r.all_words()), (
            result.message)


def test_a_class_target_stays_a_class_and_making_one_is_recorded():
    tensor = forbid_object("mathlib.autodiff.Tensor", "which differentiates for you")
    import mathlib.autodiff as ad
    original = ad.Tensor
    message = run(cell("from mathlib.autodiff import Tensor\ndef f(x):\n"
                       "    return Tensor(x).data\n", "f"), (tensor,), X)
    assert message == "your function called Tensor, which differentiates for you"
    assert ad.Tensor is original and isinstance(original(1.0), original)


def test_a_target_outside_numpy_is_replaced_in_its_own_module():
    import statistics
    python_median = Rule("PYTHON_MEDIAN", "which computes the median for you",
                         targets=("statistics.median",))
    message = run(cell("import statistics\ndef f(x):\n    return statistics.median(list(x))\n",
                       "f"), (python_median,), X)
    assert message == "your function called statistics.median, which computes the median for you"
    assert not _rules.is_stand_in(statistics.median)
    assert python_median.breaking_line() == "import statistics; statistics.median(*args)"
    assert "logsumexp" in SCIPY.breaking_line() and "matmul" in WHOLE_PRODUCT.breaking_line()


def test_importing_a_forbidden_module_inside_the_function_is_not_a_call():
    for name in [m for m in sys.modules
                 if m == "scipy.constants" or m.startswith("scipy.constants.")]:
        del sys.modules[name]                      # imported afresh inside the function
    out = run(cell("def f(x):\n    import scipy.constants\n    return float(np.sum(x))\n",
                   "f"), (SCIPY,), X)
    assert out == 16.0
    message = run(cell("def f(x):\n    import scipy.constants as c\n"
                       "    return c.convert_temperature(x, 'C', 'K')\n", "f"), (SCIPY,), X)
    assert message == ("your function called scipy's convert_temperature, but this exercise "
                       "asks for numpy only (no scipy)")


def test_a_module_imported_during_the_call_keeps_no_stand_in():
    """scipy.special imported before the check, scipy.stats first imported by the learner's call:
    scipy.stats's own ``from scipy.special import ...`` runs while the stand-ins are in place. Its
    import is not the learner's call (the verdict names what the learner called), and afterwards
    it holds the originals (a fresh process: the import must happen inside the check)."""
    import subprocess
    import sys
    code = (
        "from scipy import special\n"
        "from mathlib.exercises import _core, _rules\n"
        "ex = _core.REGISTRY['10.1']\n"
        "answers = list(ex.wrong) + list(ex.right) + [ex.reference()]\n"
        "first = [ex.evaluate(a).message for a in answers]\n"
        "second = [ex.evaluate(a).message for a in answers]\n"
        "assert first == second, [(a, b) for a, b in zip(first, second) if a != b]\n"
        "assert not any('erfinv' in m for m in first), first\n"
        "assert _rules.targets_restored()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]


@pytest.mark.parametrize("source", [
    # 27.3's idiom: out= and where= both watched arrays made from the learner's input
    "def f(C):\n    r = C.sum(axis=1)\n"
    "    return np.divide(np.diag(C), r, out=np.zeros(len(C)), where=r > 0)\n",
    "def f(C):\n    r = C.sum(axis=1)\n    o = np.zeros(len(C)) + 0 * r\n"
    "    np.divide(np.diag(C), r, out=o, where=r > 0)\n    return o\n",
    "def f(C):\n    r = C.sum(axis=1)\n    return np.add.reduce(C, axis=1, where=C > 0)\n",
])
def test_watched_arrays_are_unwrapped_in_where_out_and_every_keyword(source):
    """A Watched array passed as where= or out= (or any keyword) is unwrapped before numpy
    runs, as the positional inputs are: no RecursionError, the plain numbers."""
    C = np.array([[3.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 2.0, 3.0]])
    out = run(cell(source, "f"), (SCIPY,), C)
    assert not isinstance(out, str), out
    plain = cell(source, "f")(C)
    np.testing.assert_allclose(np.asarray(out), plain)
