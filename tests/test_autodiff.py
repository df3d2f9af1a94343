import sys
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from mathlib import autodiff
from mathlib.autodiff import Tensor, cross_entropy, grad_check, log_softmax
from mathlib.calculus import gradient

rng = np.random.default_rng(0)


def numeric(f, *arrays):
    """Central-difference gradients of the scalar f(*Tensors) for each array (the reference)."""
    out = []
    for k, a in enumerate(arrays):
        def f_k(v, k=k):
            args = [Tensor(v if j == k else b) for j, b in enumerate(arrays)]
            return f(*args).item()
        out.append(gradient(f_k, a))
    return out


def autograd(f, *arrays):
    ts = [Tensor(a) for a in arrays]
    f(*ts).backward()
    return [t.grad for t in ts]


def assert_grads_match(f, *arrays, rtol=1e-6, atol=1e-7):
    for a, n in zip(autograd(f, *arrays), numeric(f, *arrays)):
        np.testing.assert_allclose(a, n, rtol=rtol, atol=atol)


# ----- hand-derived gradients -----

def test_hand_derived_scalar_chain():
    x, y = Tensor(2.0), Tensor(-3.0)
    z = x * y + x ** 3 - y / x        # dz/dx = y + 3x^2 + y/x^2, dz/dy = x - 1/x
    z.backward()
    assert z.item() == pytest.approx(-6 + 8 + 1.5)
    assert x.grad == pytest.approx(-3 + 12 - 3 / 4)
    assert y.grad == pytest.approx(2 - 0.5)


def test_each_elementwise_local_derivative():
    a = np.array([0.3, -1.2, 2.0])
    cases = {
        "exp": (lambda t: t.exp(), np.exp(a)),
        "log": (lambda t: (t * t).log(), 2 / a),
        "tanh": (lambda t: t.tanh(), 1 - np.tanh(a) ** 2),
        "relu": (lambda t: t.relu(), (a > 0).astype(float)),
        "sigmoid": (lambda t: t.sigmoid(), np.exp(-a) / (1 + np.exp(-a)) ** 2),
        "neg": (lambda t: -t, -np.ones(3)),
        "pow": (lambda t: t ** 3, 3 * a ** 2),
        "pow half": (lambda t: (t * t) ** 0.5, np.sign(a)),
        "rsub": (lambda t: 5 - t, -np.ones(3)),
        "rtruediv": (lambda t: 2 / t, -2 / a ** 2),
        "sub": (lambda t: t - 1, np.ones(3)),
        "div": (lambda t: t / 4, np.full(3, 0.25)),
        "radd": (lambda t: 1 + t, np.ones(3)),
        "rmul": (lambda t: 3 * t, np.full(3, 3.0)),
    }
    for name, (f, expected) in cases.items():
        t = Tensor(a)
        f(t).sum().backward()
        np.testing.assert_allclose(t.grad, expected, rtol=1e-12, err_msg=name)


def test_relu_kink_and_reduction_gradients():
    t = Tensor([-1.0, 0.0, 2.0])
    t.relu().sum().backward()
    np.testing.assert_array_equal(t.grad, [0.0, 0.0, 1.0])     # 0 at the kink, by choice
    A = rng.normal(size=(2, 3))
    W = rng.normal(size=(2, 1))
    for axis in (0, 1, -2, (0, 1), None):
        for keepdims in (False, True):
            for name in ("sum", "mean", "logsumexp"):
                def f(v, name=name, axis=axis, keepdims=keepdims):
                    r = getattr(v, name)(axis=axis, keepdims=keepdims)
                    return ((r * r) * 1.5).sum()
                t = Tensor(A)
                f(t).backward()
                np.testing.assert_allclose(t.grad, numeric(f, A)[0], rtol=1e-7, atol=1e-8,
                                           err_msg=f"{name} {axis} {keepdims}")
    t = Tensor(A)
    (t.mean(axis=1, keepdims=True) * W).sum().backward()       # d/dA_ij mean_j(A_ij) w_i = w_i/3
    np.testing.assert_allclose(t.grad, np.broadcast_to(W / 3, (2, 3)))


def test_forward_values():
    a = np.array([[0.5, -2.0], [1.5, 3.0]])
    t = Tensor(a)
    np.testing.assert_allclose((t.sigmoid()).data, 1 / (1 + np.exp(-a)), rtol=1e-15)
    np.testing.assert_allclose(t.relu().data, np.maximum(a, 0))
    np.testing.assert_allclose((t / (t + 10)).data, a / (a + 10))
    np.testing.assert_allclose((3 - t).data, 3 - a)
    np.testing.assert_allclose((3 / t).data, 3 / a)
    np.testing.assert_allclose(t.logsumexp(axis=1).data, np.log(np.exp(a).sum(axis=1)))
    np.testing.assert_allclose(t.logsumexp().data, np.log(np.exp(a).sum()))
    np.testing.assert_allclose(t.mean(axis=0).data, a.mean(axis=0))
    np.testing.assert_allclose(t.sum(axis=(0, 1)).data, a.sum())
    assert t.sum(axis=1, keepdims=True).shape == (2, 1)
    assert t.logsumexp(axis=0, keepdims=True).shape == (1, 2)
    np.testing.assert_array_equal(t.T.data, a.T)
    np.testing.assert_array_equal(t.reshape(4).data, a.reshape(4))
    np.testing.assert_array_equal(t.reshape((1, 4)).data, a.reshape(1, 4))
    assert t.shape == (2, 2) and t.ndim == 2


def test_matmul_all_shape_cases_against_hand_gradients():
    A, B = rng.normal(size=(3, 4)), rng.normal(size=(4, 2))
    u, v = rng.normal(size=4), rng.normal(size=3)
    G = rng.normal(size=(3, 2))          # L = sum(G * (A B)): dL/dA = G B^T, dL/dB = A^T G
    ta, tb = Tensor(A), Tensor(B)
    ((ta @ tb) * G).sum().backward()
    np.testing.assert_allclose(ta.grad, G @ B.T, rtol=1e-12)
    np.testing.assert_allclose(tb.grad, A.T @ G, rtol=1e-12)
    ta, tu = Tensor(A), Tensor(u)        # L = v . (A u): dL/dA = v u^T, dL/du = A^T v
    ((ta @ tu) * v).sum().backward()
    np.testing.assert_allclose(ta.grad, np.outer(v, u), rtol=1e-12)
    np.testing.assert_allclose(tu.grad, A.T @ v, rtol=1e-12)
    tv, ta = Tensor(v), Tensor(A)        # L = (v A) . u: dL/dv = A u, dL/dA = v u^T
    ((tv @ ta) * u).sum().backward()
    np.testing.assert_allclose(tv.grad, A @ u, rtol=1e-12)
    np.testing.assert_allclose(ta.grad, np.outer(v, u), rtol=1e-12)
    t1, t2 = Tensor(u), Tensor(2 * u)    # L = u . w: dL/du = w, dL/dw = u
    (t1 @ t2).backward()
    np.testing.assert_allclose(t1.grad, 2 * u)
    np.testing.assert_allclose(t2.grad, u)
    tb = Tensor(B)                       # array @ Tensor uses __rmatmul__
    out = A @ tb
    assert isinstance(out, Tensor)
    (out * G).sum().backward()
    np.testing.assert_allclose(tb.grad, A.T @ G, rtol=1e-12)
    np.testing.assert_allclose((Tensor(A) @ B).data, A @ B)


# ----- broadcasting: gradients summed back to each operand's shape -----

def test_bias_vector_added_to_a_batch():
    X, b = rng.normal(size=(5, 3)), rng.normal(size=3)
    tb = Tensor(b)
    ((X + tb) ** 2).sum().backward()               # dL/db_j = sum_n 2 (x_nj + b_j)
    assert tb.grad.shape == (3,)
    np.testing.assert_allclose(tb.grad, 2 * (X + b).sum(axis=0), rtol=1e-12)


def test_column_and_scalar_broadcasting():
    X, c = rng.normal(size=(4, 3)), rng.normal(size=(4, 1))
    tx, tc, ts = Tensor(X), Tensor(c), Tensor(2.0)
    (tx * tc * ts).sum().backward()
    assert tc.grad.shape == (4, 1) and ts.grad.shape == ()
    np.testing.assert_allclose(tc.grad, 2 * X.sum(axis=1, keepdims=True), rtol=1e-12)
    np.testing.assert_allclose(ts.grad, (X * c).sum(), rtol=1e-12)
    np.testing.assert_allclose(tx.grad, np.broadcast_to(2 * c, (4, 3)), rtol=1e-12)
    row, col = Tensor(rng.normal(size=(1, 3))), Tensor(rng.normal(size=(2, 1)))
    (row - col).sum().backward()                   # an outer difference (2, 3)
    np.testing.assert_allclose(row.grad, np.full((1, 3), 2.0))
    np.testing.assert_allclose(col.grad, np.full((2, 1), -3.0))


@given(st.sampled_from([((2, 3), (3,)), ((2, 3), (2, 1)), ((2, 3), (1, 3)), ((4, 1, 3), (2, 1)),
                        ((3,), ()), ((2, 2), (1, 1))]),
       st.sampled_from(["add", "sub", "mul", "div"]))
def test_broadcast_gradients_match_finite_differences(shapes, op):
    r = np.random.default_rng(len(op))
    a = r.normal(size=shapes[0])
    b = r.uniform(1, 2, size=shapes[1])
    fs = {"add": lambda x, y: ((x + y) ** 2).sum(), "sub": lambda x, y: ((y - x) ** 2).sum(),
          "mul": lambda x, y: (x * y * x).sum(), "div": lambda x, y: (x / y + y / (x * x + 1)).sum()}
    assert grad_check(fs[op], [a, b]) < 1e-7
    assert_grads_match(fs[op], a, b)


# ----- random compositions against finite differences -----

UNARY = {"exp": lambda t: (t * 0.5).exp(), "tanh": Tensor.tanh, "sigmoid": Tensor.sigmoid,
         "square": lambda t: t ** 2, "logsq": lambda t: (t * t + 1).log(), "neg": lambda t: -t,
         "relu": lambda t: (t + 0.1).relu(), "T": lambda t: t.T, "scale": lambda t: 2.5 * t,
         "rdiv": lambda t: 1 / (t * t + 1), "reshape": lambda t: t.reshape(-1).reshape(t.shape)}


@given(st.lists(st.sampled_from(sorted(UNARY)), min_size=1, max_size=5),
       st.integers(0, 2**31), st.sampled_from(["sum", "mean", "lse", "sum0", "mean1"]))
def test_random_compositions_match_finite_differences(names, seed, reduce):
    r = np.random.default_rng(seed)
    x = r.normal(size=(3, 3))
    w = r.normal(size=(3, 3))

    def f(t, v):
        y = t @ v + t
        for name in names:
            y = UNARY[name](y) * v
        reductions = {"sum": lambda z: z.sum(), "mean": lambda z: z.mean(),
                      "lse": lambda z: z.logsumexp(), "sum0": lambda z: z.sum(axis=0).sum(),
                      "mean1": lambda z: (z.mean(axis=1) ** 2).sum()}
        return reductions[reduce](y)
    # relu's kink: keep points away from it (finite differences straddle the kink otherwise)
    assert grad_check(f, [x, w]) < 1e-5


def test_mlp_gradients_match_finite_differences():
    X, y = rng.normal(size=(6, 4)), rng.integers(0, 3, size=6)
    W1, b1 = rng.normal(size=(4, 5)), rng.normal(size=5)
    W2, b2 = rng.normal(size=(5, 3)), rng.normal(size=3)

    def loss(W1, b1, W2, b2):
        return cross_entropy((X @ W1 + b1).tanh() @ W2 + b2, y)
    assert grad_check(loss, [W1, b1, W2, b2]) < 1e-8
    assert_grads_match(loss, W1, b1, W2, b2)


# ----- accumulation, reuse, resetting -----

def test_node_used_several_times_accumulates():
    x = Tensor(3.0)
    (x * x).backward()
    assert x.grad == 6.0                           # d(x^2)/dx = 2x, both uses counted
    x.zero_grad()
    y = x * 2
    (y * y + y).backward()                         # d/dx (4x^2 + 2x) = 8x + 2
    assert x.grad == 26.0
    a = Tensor([1.0, 2.0])
    ((a + a) * a).sum().backward()                 # d/da (2 a^2) = 4a
    np.testing.assert_array_equal(a.grad, [4.0, 8.0])


def test_leaf_gradients_accumulate_over_calls_and_zero_grad_resets():
    x = Tensor([1.0, -2.0])
    loss = (x * x).sum()
    loss.backward()
    loss.backward()                                # inputs accumulate, intermediates reset
    np.testing.assert_array_equal(x.grad, [4.0, -8.0])
    assert x.zero_grad() is x
    np.testing.assert_array_equal(x.grad, [0.0, 0.0])
    y = x * 3
    z = (y * y).sum()
    z.backward()
    z.backward()
    np.testing.assert_array_equal(y.grad, 2 * y.data)   # intermediate: one call's worth
    np.testing.assert_array_equal(x.grad, 2 * 18 * x.data)


def test_backward_of_a_leaf_and_of_a_constant():
    x = Tensor(5.0)
    x.backward()
    assert x.grad == 1.0
    x.backward()
    assert x.grad == 2.0                           # an input accumulates
    c = Tensor(2.0, requires_grad=False)
    d = c * 3
    assert not d.requires_grad
    d.backward()                                   # nothing to differentiate: no error
    assert c.grad == 0.0
    t = Tensor(np.ones(2))
    prod = t * np.array([2.0, 3.0])                # the array became a constant
    assert prod.requires_grad and not prod._parents[1].requires_grad
    out = prod.sum()
    out.backward()
    np.testing.assert_array_equal(t.grad, [2.0, 3.0])
    np.testing.assert_array_equal(Tensor(Tensor([1.0, 2.0])).data, [1.0, 2.0])


def test_constants_get_no_gradient_and_ndarray_on_the_left_works():
    t = Tensor([1.0, 2.0])
    a = np.array([3.0, 4.0])
    for expr, expected in [(lambda: a + t, [1, 1]), (lambda: a - t, [-1, -1]),
                           (lambda: a * t, a), (lambda: a / t, -a / t.data ** 2)]:
        t.zero_grad()
        out = expr()
        assert isinstance(out, Tensor)
        out.sum().backward()
        np.testing.assert_allclose(t.grad, expected)


def test_deep_graph_needs_no_recursion():
    x = Tensor(1.0)
    y = x
    for _ in range(3 * sys.getrecursionlimit()):
        y = y * 1.0001
    y.backward()
    assert x.grad == pytest.approx(1.0001 ** (3 * sys.getrecursionlimit()), rel=1e-9)


def test_diamond_graph_order():
    x = Tensor(2.0)
    a = x.exp()
    b = a * x            # x reaches b directly and through a
    c = b + a.tanh()     # a reaches c directly and through b
    c.backward()
    e = np.exp(2.0)
    assert x.grad == pytest.approx(e * 2 + e + (1 - np.tanh(e) ** 2) * e, rel=1e-12)


# ----- numerically stable pieces -----

def test_log_softmax_and_cross_entropy():
    Z = rng.normal(size=(4, 3)) * 5
    y = np.array([0, 2, 1, 2])
    ls = log_softmax(Tensor(Z)).data
    np.testing.assert_allclose(np.exp(ls).sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(ls, Z - np.log(np.exp(Z).sum(axis=1, keepdims=True)), rtol=1e-12)
    np.testing.assert_allclose(log_softmax(Tensor(Z), axis=0).data,
                               Z - np.log(np.exp(Z).sum(axis=0, keepdims=True)), rtol=1e-12)
    tz = Tensor(Z)
    loss = cross_entropy(tz, y)
    assert loss.item() == pytest.approx(-np.mean(ls[np.arange(4), y]), rel=1e-12)
    loss.backward()
    P = np.exp(ls)
    onehot = np.eye(3)[y]
    np.testing.assert_allclose(tz.grad, (P - onehot) / 4, rtol=1e-10, atol=1e-15)


def test_stability_at_extreme_inputs_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = Tensor([-1000.0, 0.0, 1000.0])
        s = t.sigmoid()
        np.testing.assert_array_equal(s.data, [0.0, 0.5, 1.0])
        s.sum().backward()
        np.testing.assert_array_equal(t.grad, [0.0, 0.25, 0.0])
        Z = Tensor([[1000.0, 0.0, -1000.0]])
        loss = cross_entropy(Z, [2])
        assert loss.item() == pytest.approx(2000.0)
        loss.backward()
        np.testing.assert_allclose(Z.grad, [[1.0, 0.0, -1.0]], atol=1e-300)
        assert Tensor(1000.0).exp().item() == np.inf         # overflows quietly to inf
        z = Tensor([0.0, 1.0])
        lg = z.log()
        assert lg.data[0] == -np.inf
        lg.sum().backward()
        assert z.grad[0] == np.inf and z.grad[1] == 1.0
        q = Tensor(0.0)
        (1.0 / q).backward()                                 # 1/0 = inf, d/dq = -inf
        assert q.grad == -np.inf
        r = Tensor([0.0, 4.0])
        (r ** 0.5).sum().backward()
        np.testing.assert_array_equal(r.grad, [np.inf, 0.25])
        big = Tensor(1e200)
        assert (big ** 2).item() == np.inf
        zero = Tensor(0.0)
        assert (zero ** -1).item() == np.inf


# ----- grad_check -----

def test_grad_check_reports_agreement_and_finds_a_wrong_gradient(monkeypatch):
    x = rng.normal(size=(3, 2))
    f = lambda t: (t.tanh() * t).sum()  # noqa: E731
    assert grad_check(f, x) < 1e-9
    assert grad_check(lambda t: (t * t).mean(), [x]) < 1e-9
    assert grad_check(lambda t, u: (t * u).sum(), (x, x + 1)) < 1e-9

    def wrong_tanh(self):            # a tanh whose local derivative forgets the square
        t = np.tanh(self.data)
        return Tensor._result(t, (self,), (lambda g: g * (1.0 - t),))
    monkeypatch.setattr(Tensor, "tanh", wrong_tanh)
    assert grad_check(f, x) > 1e-2


def test_grad_check_value_is_max_scaled_difference():
    # f = sum(x^3) at x = 10 and 0.1: the autodiff gradient is exact; the numeric one with
    # h = 1 has error h^2 = 1 in each entry: 1/301 at 10 (numeric 301), 1/1.03 at 0.1
    err = grad_check(lambda t: (t ** 3).sum(), np.array([10.0, 0.1]), h=1.0)
    assert err == pytest.approx(1 / 1.03, rel=1e-9)
    err = grad_check(lambda t: (t ** 3).sum(), np.array([10.0]), h=1.0)
    assert err == pytest.approx(1 / 301, rel=1e-9)


def test_grad_check_bad_input():
    with pytest.raises(ValueError, match="grad_check: f must return a scalar Tensor"):
        grad_check(lambda t: t * 2, np.ones(2))
    with pytest.raises(ValueError, match="grad_check: f must return a scalar Tensor"):
        grad_check(lambda t: 3.0, np.ones(2))
    with pytest.raises(ValueError, match="grad_check: x holds nan"):
        grad_check(lambda t: t.sum(), np.array([np.nan]))


# ----- errors -----

BROADCAST = "do not broadcast; each axis (from the right) must match or be 1"
OPERAND = "must be numbers (a scalar, list or numpy array), got str 'a'"
ERRORS = [
    (lambda t: t.backward(), ValueError, "backward: the output has shape (2, 3); backward() starts "
     "from a single number (a loss): reduce it with .sum() or .mean() first"),
    (lambda t: t + np.ones(2), ValueError, f"add: shapes (2, 3) and (2,) {BROADCAST}"),
    (lambda t: np.ones(4) + t, ValueError, f"add: shapes (4,) and (2, 3) {BROADCAST}"),
    (lambda t: t - np.ones(2), ValueError, f"subtract: shapes (2, 3) and (2,) {BROADCAST}"),
    (lambda t: np.ones(4) * t, ValueError, f"multiply: shapes (4,) and (2, 3) {BROADCAST}"),
    (lambda t: t / np.ones(2), ValueError, f"divide: shapes (2, 3) and (2,) {BROADCAST}"),
    (lambda t: t + "a", TypeError, f"add: the other operand {OPERAND}"),
    (lambda t: "a" - t, TypeError, f"subtract: the other operand {OPERAND}"),
    (lambda t: t * "a", TypeError, f"multiply: the other operand {OPERAND}"),
    (lambda t: t / "a", TypeError, f"divide: the other operand {OPERAND}"),
    (lambda t: t @ "a", TypeError, f"matmul: the other operand {OPERAND}"),
    (lambda t: "a" @ t, TypeError, f"matmul: the other operand {OPERAND}"),
    (lambda t: log_softmax("a"), TypeError, f"log_softmax: logits {OPERAND}"),
    (lambda t: cross_entropy("a", [0]), TypeError, f"cross_entropy: logits {OPERAND}"),
    (lambda t: t @ t, ValueError, "matmul: A has shape (2, 3) and B has shape (2, 3); the inner "
     "dimensions (3 and 2) must match"),
    (lambda t: Tensor(np.ones(3)) @ np.ones((2, 2)), ValueError, "matmul: A has shape (3,) and B "
     "has shape (2, 2); the inner dimensions (3 and 2) must match"),
    (lambda t: Tensor(2.0) @ t, ValueError, "matmul: needs vectors or matrices, got shapes () and "
     "(2, 3)"),
    (lambda t: t @ np.ones((1, 3, 2)), ValueError, "matmul: needs vectors or matrices, got shapes "
     "(2, 3) and (1, 3, 2)"),
    (lambda t: t ** Tensor(2.0), TypeError, "pow: the exponent must be a number, got Tensor; for a "
     "tensor exponent write (b * a.log()).exp()"),
    (lambda t: t ** np.ones(2), TypeError, "pow: the exponent must be a number, got ndarray; for a "
     "tensor exponent write (b * a.log()).exp()"),
    (lambda t: t ** "2", TypeError, "pow: the exponent must be a number, got str; for a tensor "
     "exponent write (b * a.log()).exp()"),
    (lambda t: Tensor([0.0, -1.0]) ** 0.5, ValueError, "pow: a negative base (-1.0) has no real "
     "power 0.5; a fractional power needs a >= 0"),
    (lambda t: Tensor([0.5, 0.0, -1.0]).log(), ValueError, "log: the input has a negative entry "
     "-1.0; log is defined for a > 0 (log 0 = -inf)"),
    (lambda t: t.reshape(4), ValueError, "reshape: cannot reshape a tensor of shape (2, 3) "
     "(6 numbers) into (4,)"),
    (lambda t: t.reshape((4, 1)), ValueError, "reshape: cannot reshape a tensor of shape (2, 3) "
     "(6 numbers) into (4, 1)"),
    (lambda t: t.sum(axis=2), ValueError, "sum: axis 2 does not exist for the tensor, which has 2 axes; "
     "expected an axis from -2 to 1"),
    (lambda t: t.mean(axis=-3), ValueError, "mean: axis -3 does not exist for the tensor, which has 2 axes; "
     "expected an axis from -2 to 1"),
    (lambda t: t.logsumexp(axis=1.0), TypeError, "logsumexp: axis must be an integer, got float 1.0"),
    (lambda t: t.sum(axis=True), TypeError, "sum: axis must be an integer, got bool True"),
    (lambda t: Tensor(None), TypeError, "Tensor: data must be numbers (a scalar, list or numpy "
     "array), got NoneType None"),
    (lambda t: Tensor([1.0, np.nan]), ValueError, "Tensor: data holds nan at index (1,); expected "
     "finite numbers (no NaN or infinity)"),
    (lambda t: t.item(), ValueError, "item: the tensor has shape (2, 3); item() needs exactly one "
     "number"),
    (lambda t: cross_entropy(Tensor(np.ones(3)), [0]), ValueError, "cross_entropy: logits must be a "
     "matrix (N, K), got shape (3,)"),
]


@pytest.mark.parametrize("case", range(len(ERRORS)))
def test_errors_speak_to_a_learner(case):
    make, kind, message = ERRORS[case]
    with pytest.raises(kind) as info:
        make(Tensor(np.ones((2, 3))))
    assert str(info.value) == message


def test_edge_values_that_are_not_errors():
    t = Tensor(np.ones((2, 3)))
    np.testing.assert_array_equal(t.sum(axis=-1).data, [3.0, 3.0])
    np.testing.assert_array_equal(t.sum(axis=-2).data, [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(t.sum(axis=[0, 1]).data, 6.0)
    assert (Tensor([-2.0]) ** 2).item() == 4.0
    assert (Tensor([-2.0]) ** -1).item() == -0.5
    assert Tensor([[7.0]]).item() == 7.0
    assert Tensor([]).shape == (0,) and Tensor([]).sum().item() == 0.0
    assert (Tensor(np.ones(0)) + np.ones(0)).shape == (0,)          # empty constants are fine
    with warnings.catch_warnings():
        warnings.simplefilter("error")                              # constants may be inf
        np.testing.assert_array_equal((Tensor([1.0, -2.0]) * np.inf).data, [np.inf, -np.inf])
    for bad in ([0, 3], [0.0, 1.0], [0], [-1, 0]):
        with pytest.raises(ValueError) as info:
            cross_entropy(Tensor(np.ones((2, 3))), bad)
        assert str(info.value).startswith("cross_entropy: labels must be 2 integers in [0, 3) "
                                          "(one per row of logits (2, 3), each the index of the "
                                          "right class), got ")
    # logsumexp shifts each row by its own maximum: rows far apart stay finite
    Z = Tensor([[1000.0, 0.0], [-1000.0, -1000.0]])
    np.testing.assert_allclose(Z.logsumexp(axis=1).data, [1000.0, -1000.0 + np.log(2)])
    assert Tensor(np.ones((1, 3))).logsumexp(axis=1).shape == (1,)   # only the reduced axis goes
    assert Tensor(np.ones((1, 3))).sum(axis=1).shape == (1,)


def test_repr_and_exports():
    assert repr(Tensor([1.0, 2.5])) == "Tensor([1.  2.5], shape=(2,))"
    assert repr(Tensor(1 / 3)) == "Tensor(0.3333, shape=())"
    assert set(autodiff.__all__) == {"Tensor", "log_softmax", "cross_entropy", "grad_check"}
    assert Tensor([1, 2]).data.dtype == np.float64
    src = np.array([1.0, 2.0])
    t = Tensor(src)
    src[0] = 9.0
    assert t.data[0] == 1.0                         # Tensor copies its data


# -- issue 14, section 6: numpy meeting a Tensor, values captured at forward time ----------------

NUMPY_ON_A_TENSOR = [
    (lambda w: np.dot(w, w), r"^np.dot was given a Tensor: numpy functions do not record the graph, "
     r"so no gradient would flow through them; use a @ b, or t.data for the plain numbers"),
    (lambda w: np.inner(w, w), r"use a @ b"),
    (lambda w: np.sum(w), r"^np.sum was given a Tensor: .*; use t.sum\(axis=...\)"),
    (lambda w: np.mean(w), r"use t.mean\(axis=...\)"),
    (lambda w: np.exp(w), r"^np.exp was given a Tensor: .*; use t.exp\(\)"),
    (lambda w: np.log(w), r"use t.log\(\)"),
    (lambda w: np.maximum(w, 0.0), r"use t.relu\(\) for max\(t, 0\)"),
    (lambda w: np.sin(w), r"^np.sin was given a Tensor: .*; use the Tensor's own the operators "
     r"\+ - \* / \*\* @ and the methods"),
    (lambda w: np.concatenate([w, w]), r"^np.concatenate was given a Tensor"),
    (lambda w: np.array(w), r"^a Tensor \(shape \(2,\)\) cannot become a numpy array .* Use t.data"),
    (lambda w: np.asarray(w), r"^a Tensor \(shape \(2,\)\) cannot become a numpy array"),
    (lambda w: w > 0, r"^a Tensor cannot be compared \(t > 0\): a comparison has no gradient; "
     r"compare its numbers, t.data > 0 \(a boolean numpy array\)$"),
    (lambda w: 0 <= w, r"^a Tensor cannot be compared"),
    (lambda w: np.zeros(2) < w, r"^a Tensor cannot be compared"),
    (lambda w: np.greater(w, 0), r"^a Tensor cannot be compared"),
    (lambda w: len(Tensor(1.0)), r"^len\(\) of a tensor holding a single number"),
    (lambda w: w[Tensor([0.0])], r"^index: a Tensor cannot be an index"),
]


@pytest.mark.parametrize("case", range(len(NUMPY_ON_A_TENSOR)))
def test_numpy_functions_on_a_tensor_say_what_to_use(case):
    """np.dot(w, w) gave the elementwise product and np.array(t) an object array, silently."""
    call, message = NUMPY_ON_A_TENSOR[case]
    with pytest.raises(TypeError, match=message):
        call(Tensor([1.0, 2.0]))


def test_what_works_with_numpy_works_and_tracks_the_gradient():
    """Operators with a numpy array or scalar on either side become Tensor operations."""
    w = Tensor([1.0, 2.0, 3.0])
    a = np.array([1.0, 0.0, 2.0])
    loss = a @ w + np.float64(2.0) * w.sum() - (np.ones(3) / w).sum() + (np.full(3, 2.0) ** w).sum()
    loss.backward()
    assert_allclose(w.grad, a + 2.0 + 1.0 / w.data ** 2 + 2.0 ** w.data * np.log(2.0), rtol=1e-14)


def test_power_with_a_tensor_exponent():
    """2 ** t = exp(t log 2): d/dt = 2^t log 2, checked by central differences; a base <= 0 is
    refused (c ** t is not real for every t)."""
    assert grad_check(lambda t: (2 ** t).sum(), np.array([-1.0, 0.5, 3.0])) < 1e-8
    assert grad_check(lambda t: (np.array([0.5, 3.0]) ** t).sum(), np.array([1.5, -2.0])) < 1e-8
    t = Tensor([0.0, 1.0, 2.0])
    (10.0 ** t).sum().backward()
    assert_allclose(t.grad, 10.0 ** t.data * np.log(10.0), rtol=1e-15)
    for base in (0.0, -2.0):
        with pytest.raises(ValueError, match=rf"^pow: the base {base} of c \*\* t must be > 0"):
            base ** t


def test_indexing_picks_entries_and_sends_their_gradient_back():
    X = Tensor(np.arange(6.0).reshape(2, 3))
    (X[0, 1] * 3 + X[1].sum() + X[:, [0, 0]].sum() + X[X.data > 3].sum()).backward()
    expected = np.zeros((2, 3))
    expected[0, 1] += 3                       # X[0, 1]
    expected[1] += 1                          # X[1]
    expected[:, 0] += 2                       # column 0 picked twice: the shares add up
    expected[1, 1:] += 1                      # the entries above 3
    assert_array_equal(X.grad, expected)
    assert grad_check(lambda t: (t[1:] * t[:-1]).sum() + t[[0, 0, 2]].exp().sum(),
                      np.array([0.3, -1.2, 0.7])) < 1e-8
    with pytest.raises(IndexError, match=r"^index: index 5 is out of bounds .* \(the tensor has "
                                         r"shape \(2, 3\)\)$"):
        X[5]
    rows = [row.item() for row in Tensor([1.0, 2.0])]           # iteration: t[0], t[1]
    assert rows == [1.0, 2.0] and len(X) == 2 and float(Tensor([[4.0]])) == 4.0


def test_truth_value_of_a_tensor():
    assert bool(Tensor(2.0)) and not bool(Tensor([0.0]))
    with pytest.raises(ValueError, match=r"^the truth value of a tensor of shape \(2,\) is "
                                         r"ambiguous; use \(t.data > 0\).any\(\) or"):
        bool(Tensor([1.0, 2.0]))


CHANGED_AFTER_FORWARD = {
    "multiply": lambda x, c: (x * x * c).sum(),
    "divide": lambda x, c: (c / x + x / c).sum(),
    "pow": lambda x, c: (x ** 3).sum(),
    "log": lambda x, c: x.log().sum(),
    "exp": lambda x, c: x.exp().sum(),
    "tanh": lambda x, c: x.tanh().sum(),
    "sigmoid": lambda x, c: x.sigmoid().sum(),
    "matmul": lambda x, c: (x @ (c[:, None] * np.ones((3, 2)))).sum() + x @ x + c @ x,
    "rpow": lambda x, c: (2.0 ** x).sum(),
    "index": lambda x, c: (x[[0, 0]] * x[1]).sum(),
}


@pytest.mark.parametrize("op", CHANGED_AFTER_FORWARD)
def test_changing_data_between_forward_and_backward_keeps_the_gradient(op):
    """The gradient is the one at the values the loss was computed from: changing .data in place
    (of an input, a constant array, or an intermediate result) before backward() changes nothing."""
    f = CHANGED_AFTER_FORWARD[op]
    x0, c0 = np.array([0.5, 1.5, 2.0]), np.array([2.0, 3.0, 4.0])
    reference = Tensor(x0)
    f(reference, c0.copy()).backward()
    x, c = Tensor(x0), c0.copy()
    loss = f(x, c)
    x.data *= 10.0                          # an update before backward (w.data -= lr * w.grad)
    x.data[0] = -7.0
    c[:] = 100.0                            # the caller's constant array, changed in place
    stack = [loss]
    while stack:                            # every intermediate result's data, overwritten
        node = stack.pop()
        if node._parents:
            node.data[...] = 123.0
            stack.extend(node._parents)
    loss.backward()
    assert_allclose(x.grad, reference.grad, rtol=1e-15)


def test_replacing_data_by_another_shape_before_backward_is_an_error():
    x = Tensor([1.0, 2.0])
    loss = (x * x).sum()
    x.data = np.ones(3)
    with pytest.raises(ValueError, match=r"^backward: a tensor needed for the gradient was changed: "
                                         r"its data had shape \(2,\) in the forward pass and has "
                                         r"shape \(3,\) now; compute the loss again"):
        loss.backward()


def test_nan_constants_are_refused_like_a_nan_tensor():
    t = Tensor([1.0, 2.0])
    for make in (lambda: t * np.nan, lambda: np.nan * t, lambda: t + np.array([0.0, np.nan]),
                 lambda: np.array([0.0, np.nan]) + t):
        with pytest.raises(ValueError, match=r"the other operand holds nan at index \(\d*,?\); "
                                             r"expected numbers \(NaN would make every gradient"):
            make()
    with pytest.raises(ValueError, match=r"^Tensor: data holds nan"):
        Tensor(np.nan)
    assert_array_equal((t * -np.inf).data, [-np.inf, -np.inf])   # inf constants stay allowed


def test_cross_entropy_names_the_bad_label():
    z = Tensor(np.zeros((3, 4)))
    with pytest.raises(ValueError) as info:
        cross_entropy(z, [0, 4, 1])
    assert str(info.value) == ("cross_entropy: labels must be 3 integers in [0, 4) (one per row of "
                               "logits (3, 4), each the index of the right class), got label 4 at "
                               "index 1: the classes are 0 to 3")
    with pytest.raises(ValueError, match=r"got label -1 at index 2: the classes are 0 to 3$"):
        cross_entropy(z, np.array([0, 1, -1]))
    with pytest.raises(ValueError, match=r"got floats of shape \(3,\); convert whole-number labels "
                                         r"with labels.astype\(int\)$"):
        cross_entropy(z, [0.0, 1.0, 2.0])
    with pytest.raises(ValueError, match=r"got 2 labels of shape \(2,\)$"):
        cross_entropy(z, [0, 1])
    with pytest.raises(ValueError, match=r"got dtype <U1 of shape \(3,\)$"):
        cross_entropy(z, ["a", "b", "c"])
    assert cross_entropy(z, Tensor([0.0, 1.0, 2.0]).data.astype(int)).item() == pytest.approx(
        np.log(4.0), rel=1e-15)


def test_complex_numbers_are_refused():
    with pytest.raises(TypeError, match=r"^Tensor: data holds complex numbers \(dtype complex128"):
        Tensor([1.0, 2j])
    with pytest.raises(TypeError, match=r"^multiply: the other operand holds complex numbers"):
        Tensor([1.0]) * 1j
    with pytest.raises(TypeError, match=r"^pow: the exponent must be a number, got complex"):
        Tensor([1.0]) ** 1j


def test_exact_messages_of_the_numpy_guards():
    t = Tensor([1.0, 2.0])
    with pytest.raises(TypeError) as info:
        np.sum(t)
    assert str(info.value) == ("np.sum was given a Tensor: numpy functions do not record the graph, "
                               "so no gradient would flow through them; use t.sum(axis=...), or "
                               "t.data for the plain numbers (no gradient)")
    with pytest.raises(TypeError) as info:
        np.array(t)
    assert str(info.value) == ("a Tensor (shape (2,)) cannot become a numpy array (np.array(t), "
                               "np.asarray(t), or a function that converts its input): the graph "
                               "would be lost. Use t.data for its numbers (no gradient flows through "
                               "them), or the Tensor's own operations to keep the gradient")
    with pytest.raises(TypeError) as info:
        t[Tensor(0.0)]
    assert str(info.value) == ("index: a Tensor cannot be an index; use integers, slices or numpy "
                               "arrays (t.data for a Tensor's numbers)")
    with pytest.raises(ValueError) as info:
        np.array([2.0, 0.5, -1.0]) ** Tensor([1.0, 1.0, 1.0])
    assert str(info.value) == ("pow: the base -1.0 of c ** t must be > 0 (c ** t = exp(t log c)); "
                               "for a tensor base write t ** p with a number p")
    with pytest.raises(ValueError, match=r"^pow: the base holds nan at index \(1,\)"):
        np.array([2.0, np.nan]) ** t
    with pytest.raises(ValueError, match=r"^pow: shapes \(3,\) and \(2,\) do not broadcast"):
        np.ones(3) ** t
    with pytest.raises(ValueError) as info:
        np.array([[0.0, np.nan]]) + t
    assert str(info.value) == ("add: the other operand holds nan at index (0, 1); expected numbers "
                               "(NaN would make every gradient it touches NaN)")
    with pytest.raises(ValueError, match=r"^multiply: the other operand holds nan at index \(\);"):
        np.float64(np.nan) * t


def test_a_list_on_the_left_of_at_and_labels_given_as_a_tensor():
    w = Tensor([[1.0, 2.0], [3.0, 4.0]])
    out = [1.0, 1.0] @ w                     # list @ Tensor: Tensor.__rmatmul__
    assert_array_equal(out.data, [4.0, 6.0])
    out.sum().backward()
    assert_array_equal(w.grad, np.ones((2, 2)))
    with pytest.raises(ValueError, match=r"got floats of shape \(3,\); convert whole-number labels"):
        cross_entropy(Tensor(np.zeros((3, 2))), Tensor([0.0, 1.0, 1.0]))


def test_an_index_array_changed_after_the_forward_pass_keeps_the_gradient():
    x = Tensor([1.0, 2.0, 3.0])
    rows = np.array([0, 0, 2])
    loss = x[rows].sum()
    rows[:] = 1
    loss.backward()
    assert_array_equal(x.grad, [2.0, 0.0, 1.0])


def test_backward_shape_message_in_full():
    x = Tensor(np.ones((2, 2)))
    loss = x.sum()
    x.data = np.ones(2)
    with pytest.raises(ValueError) as info:
        loss.backward()
    assert str(info.value) == ("backward: a tensor needed for the gradient was changed: its data had "
                               "shape (2, 2) in the forward pass and has shape (2,) now; compute "
                               "the loss again after changing .data")


# ----- cross_entropy: one node with its own local derivative (issue 21) -----

def test_cross_entropy_is_one_node_with_the_softmax_minus_onehot_gradient():
    Z = rng.normal(size=(5, 4)) * 3
    y = np.array([3, 0, 1, 1, 2])
    z = Tensor(Z)
    loss = cross_entropy(z, y)
    assert loss._parents == (z,) and len(loss._topological_order()) == 2   # z and the loss
    loss.backward()
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(z.grad, (P - np.eye(4)[y]) / 5, rtol=1e-12, atol=1e-16)
    assert loss.item() == pytest.approx(-np.mean(np.log(P[np.arange(5), y])), rel=1e-13)
    assert grad_check(lambda t: cross_entropy(t, y), Z) < 1e-8
    assert grad_check(lambda t: cross_entropy(t * t, y) * 3.0, Z) < 1e-8    # inside a graph


def test_cross_entropy_at_logits_of_1e300_and_beyond():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z = Tensor([[1e300, -1e300, 0.0], [-1e300, 1e300, 1e300]])
        loss = cross_entropy(z, [1, 2])
        assert loss.item() == pytest.approx((2e300 + np.log(2.0)) / 2, rel=1e-15)
        loss.backward()
        np.testing.assert_allclose(z.grad, [[0.5, -0.5, 0.0], [0.0, 0.25, -0.25]], rtol=1e-15)
        right = cross_entropy(Tensor([[1e300, -1e300]]), [0])
        assert right.item() == 0.0
        huge = cross_entropy(Tensor([[1e308, -1e308], [1e308, -1e308]]), [1, 1])
        assert huge.item() == np.inf                        # 2e308 per row: beyond float64
        big = cross_entropy(Tensor([[1e308, -7e307], [1e308, -7e307]]), [1, 1])
        assert big.item() == pytest.approx(1.7e308, rel=1e-15)   # the sum overflows, the mean not
        nan = cross_entropy(Tensor([[1e300, 0.0]]) * 1e300, [0])     # an inf logit
        assert np.isnan(nan.item())
        empty = cross_entropy(Tensor(np.zeros((0, 3))), np.zeros(0, dtype=int))
        assert np.isnan(empty.item())
        empty.backward()


def test_cross_entropy_keeps_its_gradient_when_the_logits_change_after_the_forward_pass():
    Z = rng.normal(size=(3, 4))
    y = [0, 3, 3]
    reference = Tensor(Z)
    cross_entropy(reference, y).backward()
    z = Tensor(Z)
    loss = cross_entropy(z, np.array(y))
    z.data[...] = 50.0
    loss.backward()
    np.testing.assert_array_equal(z.grad, reference.grad)


def test_cross_entropy_takes_unsigned_labels():
    Z = rng.normal(size=(3, 4))
    want = cross_entropy(Tensor(Z), [0, 3, 2]).item()
    assert cross_entropy(Tensor(Z), np.array([0, 3, 2], dtype=np.uint8)).item() == want
