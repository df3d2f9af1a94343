"""nn.MLP, nn.train_step, nn.fit, nn.History and nn.evaluate (mathlib/_mlp.py, notebook 27).

References: a numpy forward pass and backward pass written out by hand, finite differences
(autodiff.grad_check), optim.Adam stepping the hand-written gradient, nn.he_normal, nn.l2_penalty.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from mathlib import autodiff, data, nn, optim
from mathlib.autodiff import Tensor

ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu")


def act(z, name):
    return {"relu": nn.relu, "tanh": nn.tanh, "sigmoid": nn.sigmoid,
            "leaky_relu": lambda v: nn.leaky_relu(v, alpha=0.01)}[name](z)


def act_slope(z, name):
    return {"relu": nn.relu_derivative, "tanh": nn.tanh_derivative,
            "sigmoid": nn.sigmoid_derivative,
            "leaky_relu": lambda v: nn.leaky_relu_derivative(v, alpha=0.01)}[name](z)


def numpy_forward(params, X, activation):
    """Logits and every layer's (input, pre-activation), written out."""
    h, cache = X, []
    layers = len(params) // 2
    for i in range(layers):
        W, b = params[2 * i], params[2 * i + 1]
        z = h @ W + b
        cache.append((h, z))
        h = act(z, activation) if i < layers - 1 else z
    return h, cache


def softmax(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def numpy_loss_and_gradient(params, X, y, activation, lam=0.0):
    """cross-entropy + (lam/2) sum |W|^2 and its gradient, by the chain rule written out."""
    Z, cache = numpy_forward(params, X, activation)
    n = len(y)
    P = softmax(Z)
    loss = -np.mean(np.log(P[np.arange(n), y]))
    loss += sum(nn.l2_penalty(W, lam=lam) for W in params[::2])
    dz = (P - np.eye(Z.shape[1])[y]) / n
    grads = [None] * len(params)
    for i in reversed(range(len(params) // 2)):
        h, z = cache[i]
        if i < len(params) // 2 - 1:
            dz = dz * act_slope(z, activation)
        grads[2 * i] = h.T @ dz + lam * params[2 * i]
        grads[2 * i + 1] = dz.sum(axis=0)
        dz = dz @ params[2 * i].T
    return loss, grads


def sample(n=6, d=5, k=3, seed=1):
    r = np.random.default_rng(seed)
    return r.normal(size=(n, d)), r.integers(0, k, size=n)


# -- the network -----------------------------------------------------------------------------------

def test_shapes_parameters_and_attributes():
    model = nn.MLP((5, 7, 4, 3), rng=0)
    params = model.parameters()
    assert [p.shape for p in params] == [(5, 7), (7,), (7, 4), (4,), (4, 3), (3,)]
    assert all(isinstance(p, Tensor) and p.requires_grad for p in params)
    assert all(a is b for a, b in zip(params, model.parameters()))     # the same objects
    assert params is not model.parameters()                             # a new list each call
    assert model.sizes == (5, 7, 4, 3) and model.activation == "relu"
    assert repr(model) == "MLP((5, 7, 4, 3), activation='relu')"
    X, _ = sample()
    out = model(X)
    assert isinstance(out, Tensor) and out.shape == (6, 3)
    assert model.predict_proba(X).shape == (6, 3) and model.predict(X).shape == (6,)
    assert model(Tensor(X)).shape == (6, 3)
    assert nn.MLP([2, 1]).sizes == (2, 1) and nn.MLP(np.array([3, 2])).sizes == (3, 2)


def test_he_initialisation_and_zero_biases():
    model = nn.MLP((64, 128, 10), rng=3)
    W1, b1, W2, b2 = model.parameters()
    gen = np.random.default_rng(3)                  # the same generator, layer after layer
    assert_array_equal(W1.data, nn.he_normal(64, 128, rng=gen))
    assert_array_equal(W2.data, nn.he_normal(128, 10, rng=gen))
    assert_array_equal(b1.data, 0.0) and assert_array_equal(b2.data, 0.0)
    big = nn.MLP((400, 500, 2), rng=0).parameters()[0].data
    assert abs(big.mean()) < 0.003
    assert big.std() == pytest.approx(np.sqrt(2 / 400), rel=0.01)
    assert_array_equal(nn.MLP((3, 2)).parameters()[0].data, nn.MLP((3, 2), rng=0).parameters()[0].data)
    assert not np.array_equal(nn.MLP((3, 2), rng=1).parameters()[0].data,
                              nn.MLP((3, 2), rng=0).parameters()[0].data)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_forward_and_predictions_match_numpy(activation):
    model = nn.MLP((5, 8, 6, 3), rng=2, activation=activation)
    params = [p.data.copy() for p in model.parameters()]
    X, _ = sample()
    X *= 3
    Z, _ = numpy_forward(params, X, activation)
    assert_allclose(model(X).data, Z, rtol=1e-13, atol=1e-14)
    assert_allclose(model.predict_proba(X), softmax(Z), rtol=1e-13, atol=1e-15)
    assert_array_equal(model.predict(X), np.argmax(Z, axis=1))
    assert model.predict(X).dtype.kind == "i"


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_gradients_through_the_model_match_hand_and_finite_differences(activation):
    model = nn.MLP((5, 7, 4, 3), rng=4, activation=activation)
    X, y = sample()
    params = [p.data.copy() for p in model.parameters()]
    loss = autodiff.cross_entropy(model(X), y)
    loss.backward()
    want_loss, want = numpy_loss_and_gradient(params, X, y, activation)
    assert loss.item() == pytest.approx(want_loss, rel=1e-13)
    for p, g in zip(model.parameters(), want):
        assert_allclose(p.grad, g, rtol=1e-10, atol=1e-14)

    # and through the input, against finite differences
    xt = Tensor(X)
    out = autodiff.cross_entropy(model(xt), y)
    out.backward()
    assert autodiff.grad_check(lambda t: autodiff.cross_entropy(model(t), y), X) < 1e-7
    assert xt.grad.shape == X.shape


def test_zero_grad_clears_every_gradient():
    model = nn.MLP((5, 4, 3), rng=0)
    X, y = sample()
    autodiff.cross_entropy(model(X), y).backward()
    assert all(np.any(p.grad != 0) for p in model.parameters()[::2])
    model.zero_grad()
    assert all(np.all(p.grad == 0) and p.grad.shape == p.shape for p in model.parameters())


def test_the_gradient_is_the_one_at_the_forward_values():
    """model(x) copies what its local derivatives need (as every autodiff operation does)."""
    model = nn.MLP((5, 4, 3), rng=0, activation="tanh")
    X, y = sample()
    params = [p.data.copy() for p in model.parameters()]
    loss = autodiff.cross_entropy(model(X), y)
    for p in model.parameters():
        p.data *= 10.0
    stack = [loss]
    while stack:
        node = stack.pop()
        if node._parents:
            node.data[...] = 123.0
            stack.extend(node._parents)
    loss.backward()
    _, want = numpy_loss_and_gradient(params, X, y, "tanh")
    for p, g in zip(model.parameters(), want):
        assert_allclose(p.grad, g, rtol=1e-10, atol=1e-14)


# -- train_step ------------------------------------------------------------------------------------

@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_train_step_is_one_adam_step_on_the_hand_gradient(activation):
    model = nn.MLP((5, 7, 3), rng=5, activation=activation)
    X, y = sample()
    params = [p.data.copy() for p in model.parameters()]
    opt = optim.Adam(lr=0.01)
    value = nn.train_step(model, X, y, optimizer=opt, lam=0.1)
    want_loss, grads = numpy_loss_and_gradient(params, X, y, activation, lam=0.1)
    assert value == pytest.approx(want_loss, rel=1e-13)
    for p, g in zip(model.parameters(), grads):
        assert_allclose(p.grad, g, rtol=1e-10, atol=1e-14)      # the gradient the step used
    optim.Adam(lr=0.01).step(params, grads)
    for p, want in zip(model.parameters(), params):
        assert_allclose(p.data, want, rtol=1e-12, atol=1e-14)
    assert opt.t == 1


def test_train_step_gradient_matches_finite_differences():
    model = nn.MLP((4, 6, 3), rng=6, activation="tanh")
    X, y = sample(d=4)
    params = [p.data.copy() for p in model.parameters()]
    nn.train_step(model, X, y, optimizer=optim.SGD(lr=0.0), lam=0.5)

    def f(W1, b1, W2, b2):
        logits = (Tensor(X) @ W1 + b1).tanh() @ W2 + b2
        return autodiff.cross_entropy(logits, y) + 0.25 * ((W1 * W1).sum() + (W2 * W2).sum())
    worst = autodiff.grad_check(f, params)
    assert worst < 1e-8
    ts = [Tensor(p) for p in params]
    f(*ts).backward()
    for p, t in zip(model.parameters(), ts):
        assert_allclose(p.grad, t.grad, rtol=1e-12, atol=1e-15)


def test_l2_penalises_weights_only_and_is_in_the_loss():
    model = nn.MLP((5, 4, 3), rng=0)
    for p in model.parameters()[1::2]:
        p.data[...] = 2.0                                    # biases far from 0
    X, y = sample()
    base = nn.train_step(nn.MLP((5, 4, 3), rng=0), X, y, optimizer=optim.SGD(lr=0.0))
    params = [p.data.copy() for p in model.parameters()]
    m0 = nn.MLP((5, 4, 3), rng=0)
    for p, q in zip(m0.parameters(), params):
        p.data[...] = q
    plain = nn.train_step(m0, X, y, optimizer=optim.SGD(lr=0.0))
    lam = 0.3
    value = nn.train_step(model, X, y, optimizer=optim.SGD(lr=0.0), lam=lam)
    penalty = sum(nn.l2_penalty(W, lam=lam) for W in params[::2])
    assert value == pytest.approx(plain + penalty, rel=1e-13)
    assert base != plain
    for i, (p, q) in enumerate(zip(model.parameters(), m0.parameters())):
        extra = lam * params[i] if i % 2 == 0 else 0.0
        assert_allclose(p.grad, q.grad + extra, rtol=1e-12, atol=1e-15)


def test_train_step_equals_the_same_steps_per_parameter_for_every_optimizer():
    X, y = sample(n=8)
    for make in (lambda: optim.SGD(lr=0.1), lambda: optim.Momentum(lr=0.1),
                 lambda: optim.AdaGrad(lr=0.1), lambda: optim.RMSProp(lr=0.01),
                 lambda: optim.Adam(lr=0.01)):
        model = nn.MLP((5, 6, 3), rng=1)
        params = [p.data.copy() for p in model.parameters()]
        ours, theirs = make(), make()
        for _ in range(3):
            nn.train_step(model, X, y, optimizer=ours, lam=0.01)
            _, grads = numpy_loss_and_gradient(params, X, y, "relu", lam=0.01)
            theirs.step(params, grads)
        for p, want in zip(model.parameters(), params):
            assert_allclose(p.data, want, rtol=1e-11, atol=1e-13)


def test_train_steps_fast_adam_equals_optim_adam_to_the_bit():
    """train_step updates Adam's state in scratch arrays: the same operations as Adam.step."""
    X, y = sample(n=8)
    model, copy = nn.MLP((5, 6, 3), rng=1), nn.MLP((5, 6, 3), rng=1)
    fast = optim.Adam(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6)
    slow = optim.Adam(lr=0.01, beta1=0.8, beta2=0.99, eps=1e-6)
    for step in range(4):
        fast.lr = slow.lr = 0.01 / (step + 1)
        value = nn.train_step(model, X, y, optimizer=fast, lam=0.01)
        copy.zero_grad()
        loss = autodiff.cross_entropy(copy(X), y)
        loss.backward()
        params = copy.parameters()
        grads = [p.grad + (0.01 * p.data if i % 2 == 0 else 0.0) for i, p in enumerate(params)]
        want = loss.item() + sum(nn.l2_penalty(W.data, lam=0.01) for W in params[::2])
        slow.step([p.data for p in params], grads)
        assert value == pytest.approx(want, rel=1e-14)
    for p, q in zip(model.parameters(), copy.parameters()):
        assert_array_equal(p.data, q.data)
    assert fast.t == slow.t == 4
    assert_array_equal(fast.state[0][0], np.concatenate([s[0].ravel() for s in slow.state]))
    assert_array_equal(fast.state[0][1], np.concatenate([s[1].ravel() for s in slow.state]))


def test_train_step_after_the_parameters_were_replaced_or_zeroed_by_hand():
    model = nn.MLP((5, 4, 3), rng=0)
    W1 = model.parameters()[0]
    W1.data = np.full((5, 4), 0.1)                           # replaced, not changed in place
    W1.zero_grad()
    X, y = sample()
    params = [p.data.copy() for p in model.parameters()]
    nn.train_step(model, X, y, optimizer=optim.SGD(lr=0.5))
    _, grads = numpy_loss_and_gradient(params, X, y, "relu")
    assert_allclose(W1.data, params[0] - 0.5 * grads[0], rtol=1e-12)
    assert W1.data is model.parameters()[0].data
    model.parameters()[2].data = np.ones((3, 3))
    with pytest.raises(ValueError, match=re.escape(
            "MLP: parameters()[2] (W_2) has data of shape (3, 3); expected (4, 3) (the layer "
            "sizes are fixed)")):
        nn.train_step(model, X, y, optimizer=optim.SGD(lr=0.5))


# -- fit -------------------------------------------------------------------------------------------

def blobs(n=120, seed=0):
    r = np.random.default_rng(seed)
    y = r.integers(0, 3, size=n)
    X = r.normal(size=(n, 4)) * 0.5 + np.eye(3, 4)[y] * 2
    return X, y


def test_fit_is_reproducible_and_learns():
    X, y = blobs()
    runs = []
    for _ in range(2):
        model = nn.MLP((4, 8, 3), rng=0)
        runs.append(nn.fit(model, X, y, optimizer=optim.Adam(lr=0.02), epochs=5, batch_size=16,
                           rng=np.random.default_rng(3)))
    assert runs[0] == runs[1]
    h = runs[0]
    assert len(h.loss) == len(h.train_accuracy) == len(h.lr) == 5
    assert h.val_loss == [] and h.val_accuracy == [] and not h.diverged and h.seconds > 0
    assert h.loss[-1] < h.loss[0] and h.train_accuracy[-1] > 0.9
    other = nn.fit(nn.MLP((4, 8, 3), rng=0), X, y, optimizer=optim.Adam(lr=0.02), epochs=5,
                   batch_size=16, rng=4)
    assert other != h                                      # another shuffle, another history


def test_fit_runs_train_step_over_shuffled_batches():
    X, y = blobs(n=50)
    model, copy = nn.MLP((4, 5, 3), rng=1), nn.MLP((4, 5, 3), rng=1)
    opt, opt2 = optim.Adam(lr=0.01), optim.Adam(lr=0.01)
    h = nn.fit(model, X, y, optimizer=opt, epochs=2, batch_size=20, lam=0.01, rng=7)
    gen = np.random.default_rng(7)
    means = []
    for _ in range(2):
        order = gen.permutation(50)
        losses = [nn.train_step(copy, X[order[i:i + 20]], y[order[i:i + 20]], optimizer=opt2,
                                lam=0.01) for i in (0, 20, 40)]      # the last batch has 10
        means.append(np.mean(losses))
        assert h.train_accuracy[len(means) - 1] is not None
    assert_allclose(h.loss, means, rtol=1e-13)
    for p, q in zip(model.parameters(), copy.parameters()):
        assert_array_equal(p.data, q.data)
    assert h.train_accuracy[-1] == np.mean(copy.predict(X) == y)
    assert opt.t == opt2.t == 6


def test_schedule_sets_the_lr_each_epoch_and_validation_is_recorded():
    X, y = blobs()
    seen = []
    opt = optim.SGD(lr=0.5)

    def schedule(epoch):
        seen.append(epoch)
        return optim.cosine_annealing(epoch, lr0=0.1, t_max=4)
    model = nn.MLP((4, 6, 3), rng=0)
    h = nn.fit(model, X[:90], y[:90], optimizer=opt, epochs=4, schedule=schedule,
               validation=(X[90:], y[90:]))
    assert seen == [0, 1, 2, 3]
    assert_allclose(h.lr, [optim.cosine_annealing(e, lr0=0.1, t_max=4) for e in range(4)])
    assert opt.lr == h.lr[-1]
    P = model.predict_proba(X[90:])
    assert h.val_loss[-1] == pytest.approx(-np.mean(np.log(P[np.arange(30), y[90:]])), rel=1e-12)
    assert h.val_accuracy[-1] == np.mean(model.predict(X[90:]) == y[90:])
    assert len(h.val_loss) == len(h.val_accuracy) == 4
    constant = nn.fit(nn.MLP((4, 6, 3)), X, y, optimizer=optim.SGD(lr=0.3), epochs=2)
    assert constant.lr == [0.3, 0.3]


def test_callback_is_called_once_per_epoch_with_the_history():
    X, y = blobs(n=40)
    calls = []
    h = nn.fit(nn.MLP((4, 5, 3)), X, y, optimizer=optim.Adam(lr=0.01), epochs=3,
               callback=lambda hist: calls.append(len(hist.loss)))
    assert calls == [1, 2, 3] and len(h.loss) == 3
    assert nn.fit(nn.MLP((4, 5, 3)), X, y, optimizer=optim.Adam(lr=0.01), epochs=0) == nn.History()


def test_divergence_stops_quietly():
    X, y = blobs()
    X = X * 100
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = nn.fit(nn.MLP((4, 16, 3), rng=0), X, y, optimizer=optim.SGD(lr=1e6), epochs=20,
                   batch_size=8)
        model = nn.MLP((4, 16, 3), rng=0)
        h2 = nn.fit(model, X, y, optimizer=optim.Adam(lr=1e6), epochs=50)
        model.predict_proba(X), model.predict(X), model(X)
    assert h.diverged and len(h.loss) < 20 and not np.isfinite(h.loss[-1])
    assert len(h.loss) == len(h.train_accuracy) == len(h.lr)
    assert h2.diverged or len(h2.loss) == 50


# -- errors ----------------------------------------------------------------------------------------

M = nn.MLP((3, 4, 2), rng=0)
XS, YS = np.ones((5, 3)), np.array([0, 1, 0, 1, 1])
SGD = optim.SGD(lr=0.1)

ERRORS = [
    (lambda: nn.MLP(64), TypeError, "MLP: sizes must be a tuple of layer widths such as (64, 128, "
                                    "10), got int 64"),
    (lambda: nn.MLP("64"), TypeError, "MLP: sizes must be a tuple"),
    (lambda: nn.MLP((64,)), ValueError, "MLP: sizes must list at least two widths (the input and "
                                        "the output, e.g. (64, 128, 10)), got (64,)"),
    (lambda: nn.MLP((64, 0, 10)), ValueError, "MLP: sizes[1] = 0 is out of range; expected "
                                              "sizes[1] >= 1"),
    (lambda: nn.MLP((64, 12.0)), TypeError, "MLP: sizes[1] must be a whole number (an int), got "
                                            "float 12.0"),
    (lambda: nn.MLP((3, 2), activation="softmax"), ValueError,
     "MLP: activation must be one of 'relu', 'tanh', 'sigmoid', 'leaky_relu', got str 'softmax'"),
    (lambda: nn.MLP((3, 2), activation=None), TypeError, "MLP: activation must be one of"),
    (lambda: nn.MLP((3, 2), rng=1.5), TypeError, "MLP: rng must be None"),
    (lambda: M(np.ones((5, 4))), ValueError, "MLP: x has shape (5, 4); expected (batch, 3): one "
                                             "row of 3 features per example"),
    (lambda: M(np.ones(3)), ValueError, "MLP: x has shape (3,); expected (batch, 3): one row of 3 "
                                        "features per example (one example: x.reshape(1, -1))"),
    (lambda: M.predict(np.ones((5, 2))), ValueError, "MLP.predict: x has shape (5, 2)"),
    (lambda: M.predict_proba([[np.nan, 0, 0]]), ValueError, "MLP.predict_proba: x holds nan"),
    (lambda: nn.train_step("m", XS, YS, optimizer=SGD), TypeError,
     "train_step: model must be an nn.MLP such as MLP((64, 128, 10)), got str 'm'"),
    (lambda: nn.train_step(M, XS, YS, optimizer="adam"), TypeError,
     "train_step: optimizer must be an optimiser of mathlib.optim such as Adam(lr=0.001) or "
     "SGD(lr=0.1), got str 'adam'"),
    (lambda: nn.train_step(M, XS, YS, optimizer=SGD, lam=-1.0), ValueError,
     "train_step: lam is the strength of the L2 penalty and must be >= 0 (0: no penalty), e.g. "
     "0.0001; got -1"),
    (lambda: nn.train_step(M, XS, YS, optimizer=SGD, lam=True), TypeError,
     "train_step: lam must be a number such as 0.0001, got bool True"),
    (lambda: nn.train_step(M, XS, YS, optimizer=SGD, lam=float("nan")), ValueError,
     "train_step: lam holds nan"),
    (lambda: nn.train_step(M, XS, YS.astype(float), optimizer=SGD), ValueError,
     "train_step: y must be 5 integer labels in [0, 2) (one per row of x), got dtype float64; "
     "convert whole-number labels with y.astype(int)"),
    (lambda: nn.train_step(M, XS, YS[:4], optimizer=SGD), ValueError,
     "train_step: y must be 5 integer labels in [0, 2) (one per row of x), got shape (4,)"),
    (lambda: nn.train_step(M, XS, YS + 1, optimizer=SGD), ValueError,
     "train_step: y must be 5 integer labels in [0, 2) (one per row of x), got 2 at index 1: the "
     "classes are 0 to 1"),
    (lambda: nn.train_step(M, XS, ["a"] * 5, optimizer=SGD), ValueError,
     "train_step: y must be 5 integer labels in [0, 2) (one per row of x), got dtype <U1"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=2.0), TypeError,
     "fit: epochs must be a whole number (an int), got float 2.0"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=-1), ValueError,
     "fit: epochs = -1 is out of range; expected epochs >= 0"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=1, batch_size=0), ValueError,
     "fit: batch_size = 0 is out of range; expected batch_size >= 1"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=1, batch_size=True), TypeError,
     "fit: batch_size must be a whole number (an int), got bool True"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=1, rng=-1), ValueError,
     "fit: rng = -1 is a negative seed"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=1, schedule=0.1), TypeError,
     "fit: schedule must be a function or None, got float 0.1"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=1, callback="plot"), TypeError,
     "fit: callback must be a function or None, got str 'plot'"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=3, schedule=lambda e: 0.1 - 0.1 * e),
     ValueError, "fit: schedule(2) returned -0.1; expected a learning rate, a finite number >= 0"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=3, schedule=lambda e: float("nan")),
     ValueError, "fit: schedule(0) returned nan; expected a learning rate, a finite number >= 0"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=3, schedule=lambda e: [0.1]), TypeError,
     "fit: schedule(0) returned list [0.1]; expected a learning rate, one number >= 0"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=3, schedule=lambda e: "0.1"), TypeError,
     "fit: schedule(0) returned str '0.1'; expected a learning rate, one number >= 0"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=3, schedule=lambda e: True), TypeError,
     "fit: schedule(0) returned bool True; expected a learning rate"),
    (lambda: nn.fit(M, np.ones((0, 3)), YS[:0], optimizer=SGD, epochs=1), ValueError,
     "fit: X has no rows (shape (0, 3)); expected at least one example"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=1, validation=XS), TypeError,
     "fit: validation must be None or a pair (X_val, y_val), got ndarray"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=1, validation=(XS, YS[:2])), ValueError,
     "fit: validation: y must be 5 integer labels in [0, 2) (one per row of x), got shape (2,)"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=1, validation=(XS[:, :2], YS)), ValueError,
     "fit: validation: x has shape (5, 2); expected (batch, 3)"),
    (lambda: nn.fit(M, XS[:, :2], YS, optimizer=SGD, epochs=1), ValueError,
     "fit: x has shape (5, 2); expected (batch, 3)"),
    (lambda: nn.evaluate("m", XS, YS), TypeError,
     "evaluate: model must be an nn.MLP such as MLP((64, 128, 10)), got str 'm'"),
    (lambda: nn.evaluate(M, XS[:, :2], YS), ValueError,
     "evaluate: x has shape (5, 2); expected (batch, 3)"),
    (lambda: nn.evaluate(M, XS[:0], YS[:0]), ValueError,
     "evaluate: X has no rows (shape (0, 3)); expected at least one example"),
    (lambda: nn.evaluate(M, XS, YS[:4]), ValueError,
     "evaluate: y must be 5 integer labels in [0, 2) (one per row of x), got shape (4,)"),
    (lambda: nn.evaluate(M, XS, YS + 1), ValueError,
     "evaluate: y must be 5 integer labels in [0, 2) (one per row of x), got 2 at index 1"),
    (lambda: nn.evaluate(M, [[np.inf, 0, 0]], [0]), ValueError, "evaluate: x holds inf"),
]


@pytest.mark.parametrize("case", range(len(ERRORS)))
def test_errors_name_what_was_given_and_expected(case):
    call, kind, message = ERRORS[case]
    with pytest.raises(kind) as info:
        call()
    assert str(info.value).startswith(message), str(info.value)


def test_the_course_conventions_for_options_ints_and_rng():
    """What tests/test_conventions.py checks for every public function (these live in a private
    module re-exported by nn, outside its introspection): options keyword-only, ints and rng
    through _checks."""
    import inspect
    for fn, data_names in ((nn.MLP, ["sizes"]), (nn.train_step, ["model", "x", "y"]),
                           (nn.fit, ["model", "X", "y"]), (nn.evaluate, ["model", "X", "y"])):
        params = inspect.signature(fn).parameters.values()
        assert [p.name for p in params if p.kind == p.POSITIONAL_OR_KEYWORD] == data_names
        assert all(p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in params)
    for name in ("epochs", "batch_size"):
        for bad in (2.5, 1.0, True, np.float64(2.0), "2"):
            with pytest.raises(TypeError, match=rf"^fit: {name} must be a whole number"):
                nn.fit(M, XS, YS, optimizer=SGD, **{"epochs": 1, name: bad})
        with pytest.raises(ValueError, match=rf"^fit: {name} = -1000 is out of range"):
            nn.fit(M, XS, YS, optimizer=SGD, **{"epochs": 1, name: -1000})
    for make in (lambda r: nn.MLP((3, 4, 2), rng=r).parameters()[0].data,
                 lambda r: nn.fit(nn.MLP((3, 4, 2)), XS, YS, optimizer=optim.SGD(lr=0.1),
                                  epochs=2, batch_size=2, rng=r)):
        assert_equal_results(make(None), make(None))
        assert_equal_results(make(None), make(0))
        assert_equal_results(make(7), make(np.random.default_rng(7)))
        for bad in (1.5, True, "7", np.random.RandomState(0)):
            with pytest.raises(TypeError, match=r"rng must be None, an integer seed"):
                make(bad)
        with pytest.raises(ValueError, match=r"rng = -1 is a negative seed"):
            make(-1)


def assert_equal_results(a, b):
    if isinstance(a, np.ndarray):
        assert_array_equal(a, b)
    else:
        assert a == b


def test_an_optimizer_used_for_other_parameters_is_refused():
    opt = optim.Adam(lr=0.01)
    opt.step([np.zeros(3)], [np.ones(3)])
    with pytest.raises(ValueError, match=re.escape(
            "train_step: this optimiser already holds state for parameters of shapes (3,), not "
            "for this model's (26 numbers in all); give each model its own optimiser")):
        nn.train_step(M, XS, YS, optimizer=opt)
    with pytest.raises(ValueError, match=r"^fit: this optimiser already holds state"):
        nn.fit(M, XS, YS, optimizer=opt, epochs=1)


def test_an_invalid_lr_set_by_hand_is_refused_by_train_step():
    opt = optim.SGD(lr=0.1)
    opt.lr = -1.0
    with pytest.raises(ValueError, match=r"^SGD: lr must be in \[0, inf\), got -1"):
        nn.train_step(nn.MLP((3, 4, 2)), XS, YS, optimizer=opt)


# -- evaluate -------------------------------------------------------------------------------------

@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_evaluate_is_the_cross_entropy_the_accuracy_and_the_dead_units(activation):
    X, y = sample(n=40, d=5, k=4, seed=3)
    model = nn.MLP((5, 7, 6, 4), rng=2, activation=activation)
    W1, b1 = model.parameters()[:2]
    W1.data[:, :3] = -1.0                   # units 0-2 of layer 1: negative on every row ...
    b1.data[:3] = -100.0
    b1.data[3] = 100.0                      # ... unit 3 positive on every row
    params = [p.data for p in model.parameters()]
    Z, cache = numpy_forward(params, X, activation)
    out = nn.evaluate(model, X, y)
    assert isinstance(out, nn.Evaluation) and out._fields == ("loss", "accuracy", "dead")
    assert_allclose(out.loss, autodiff.cross_entropy(Z, y).item(), rtol=1e-12)
    assert out.accuracy == np.mean(Z.argmax(axis=1) == y)
    hidden = [act(z, activation) for _, z in cache[:-1]]
    assert out.dead == sum(int(np.sum(~np.any(h != 0, axis=0))) for h in hidden)
    assert out.dead >= 3 if activation == "relu" else out.dead == 0   # ReLU: units 0-2, maybe more
    # the evaluation of the first 30 rows: another number, from those rows only
    part = nn.evaluate(model, X[:30], y[:30])
    assert_allclose(part.loss, autodiff.cross_entropy(Z[:30], y[:30]).item(), rtol=1e-12)
    assert part.accuracy == np.mean(Z[:30].argmax(axis=1) == y[:30])


def test_evaluate_counts_dead_units_in_every_hidden_layer_and_not_the_outputs():
    model = nn.MLP((2, 3, 4, 5), rng=0)
    W1, b1, W2, b2, W3, b3 = model.parameters()
    b1.data[:] = [-50.0, 1.0, 1.0]          # layer 1: unit 0 dead
    W2.data[:] = 0.0
    b2.data[:] = [-1.0, -1.0, 2.0, 0.0]     # layer 2: units 0, 1 and 3 output 0 everywhere
    b3.data[:] = -9.0                       # the logits may be anything: never counted
    X = np.array([[0.1, 0.2], [0.3, -0.4]])
    assert nn.evaluate(model, X, [0, 4]).dead == 4


def test_evaluate_of_diverged_weights_is_inf_without_a_warning():
    model = nn.MLP((3, 4, 2), rng=0)
    model.parameters()[2].data[:] = 1e300
    model.parameters()[0].data[:] = 1e300
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = nn.evaluate(model, XS, YS)
    assert np.isinf(out.loss) or np.isnan(out.loss)
    assert 0.0 <= out.accuracy <= 1.0


def test_fit_records_what_evaluate_says():
    X, y = sample(n=30, d=4, k=3, seed=5)
    model = nn.MLP((4, 6, 3), rng=1)
    history = nn.fit(model, X, y, optimizer=optim.Adam(lr=0.05), epochs=2, batch_size=8,
                     validation=(X[:10], y[:10]))
    last = nn.evaluate(model, X[:10], y[:10])
    assert history.val_loss[-1] == last.loss and history.val_accuracy[-1] == last.accuracy
    assert history.train_accuracy[-1] == nn.evaluate(model, X, y).accuracy


# -- the digits: the capstone's figures -------------------------------------------------------------

def test_digits_reach_97_percent_test_accuracy_quickly():
    digits = data.load_digits()
    X, y = digits.X / 16.0, digits.y
    order = np.random.default_rng(0).permutation(len(y))
    test, val, train = order[:360], order[360:720], order[720:]
    model = nn.MLP((64, 128, 10), rng=0)
    h = nn.fit(model, X[train], y[train], optimizer=optim.Adam(lr=0.01), epochs=40,
               batch_size=32, lam=1e-3, rng=0, validation=(X[val], y[val]),
               schedule=lambda e: optim.cosine_annealing(e, lr0=0.01, t_max=40))
    assert np.mean(model.predict(X[test]) == y[test]) >= 0.97
    assert h.val_accuracy[-1] >= 0.95 and not h.diverged
    assert h.seconds < 10


# -- edges the mutation run asked about --------------------------------------------------------------

def test_huge_weights_give_finite_probabilities_and_no_warning():
    model = nn.MLP((3, 4, 2), rng=0)
    W1, b1, W2, b2 = model.parameters()
    W1.data[...] = 1e100
    W2.data[...] = np.array([[1e100, -1e100]] * 4)
    X = np.array([[1.0, 1.0, 1.0], [-1.0, -1.0, -1.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        P = model.predict_proba(X)
        assert_array_equal(P, [[1.0, 0.0], [0.5, 0.5]])        # a row far from the other's scale
        assert_array_equal(model.predict(X), [0, 0])
        assert model(X).shape == (2, 2)
        W1.data[...] = np.inf                                  # a diverged model: still quiet
        b1.data[...] = -np.inf                                 # inf - inf: NaN, quietly
        model.predict_proba(X), model.predict(X), model(X)
        nn.train_step(model, X, np.array([0, 1]), optimizer=optim.SGD(lr=0.1))
    model = nn.MLP((1, 2), rng=0)
    model.parameters()[0].data[...] = [[1000.0, -1000.0]]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = nn.fit(model, [[1.0], [-1.0]], [1, 0], optimizer=optim.SGD(lr=0.0), epochs=1,
                   validation=([[1.0], [-1.0]], [1, 0]))
    assert h.val_loss == [pytest.approx(2000.0)] and h.val_accuracy == [0.0]
    assert h.loss == [pytest.approx(2000.0)] and h.train_accuracy == [0.0]


@pytest.mark.parametrize("activation, slope", [("relu", 0.0), ("leaky_relu", 0.01)])
def test_the_kink_at_zero_takes_nns_derivative(activation, slope):
    model = nn.MLP((2, 3, 2), rng=0, activation=activation)
    X = np.zeros((4, 2))                                     # every hidden pre-activation is 0
    y = np.array([0, 1, 1, 1])
    params = [p.data.copy() for p in model.parameters()]
    nn.train_step(model, X, y, optimizer=optim.SGD(lr=0.0))
    _, want = numpy_loss_and_gradient(params, X, y, activation)
    assert_allclose(model.parameters()[1].grad, want[1], rtol=1e-12, atol=1e-16)
    assert np.any(want[1] != 0) == (slope != 0)


def test_replaced_gradients_are_put_back_on_the_flat_array():
    X, y = sample()
    model, twin = nn.MLP((5, 4, 3), rng=0), nn.MLP((5, 4, 3), rng=0)
    model.parameters()[1].grad = np.ones(4)                  # only a grad replaced
    model.parameters()[3].grad = None
    nn.train_step(model, X, y, optimizer=optim.SGD(lr=0.5))
    nn.train_step(twin, X, y, optimizer=optim.SGD(lr=0.5))
    for p, q in zip(model.parameters(), twin.parameters()):
        assert_array_equal(p.data, q.data)
        assert_array_equal(p.grad, q.grad)
    model.parameters()[3].grad = None
    model.zero_grad()
    assert_array_equal(model.parameters()[3].grad, np.zeros(3))
    model.parameters()[1].grad = np.ones(3)
    with pytest.raises(ValueError) as info:
        model.zero_grad()
    assert str(info.value) == ("MLP: parameters()[1] (b_1) has grad of shape (3,); expected (4,) "
                               "(the layer sizes are fixed)")


def test_inputs_as_lists_and_tensors():
    model = nn.MLP((3, 4, 2), rng=0)
    X = [[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]]
    A = np.array(X)
    assert_array_equal(model(X).data, model(A).data)
    assert_array_equal(model.predict_proba(X), model.predict_proba(A))
    assert_array_equal(model.predict(Tensor(A)), model.predict(A))
    assert_array_equal(model.predict_proba(Tensor(A)), model.predict_proba(A))
    loss = autodiff.cross_entropy(model(X), [0, 1])
    loss.backward()
    twin = nn.MLP((3, 4, 2), rng=0)
    autodiff.cross_entropy(twin(A), [0, 1]).backward()
    for p, q in zip(model.parameters(), twin.parameters()):
        assert_array_equal(p.grad, q.grad)
    a, b = nn.MLP((3, 4, 2), rng=0), nn.MLP((3, 4, 2), rng=0)
    nn.train_step(a, Tensor(A), [0, 1], optimizer=optim.SGD(lr=0.1))
    nn.train_step(b, A, np.array([0, 1]), optimizer=optim.SGD(lr=0.1))
    assert_array_equal(a.parameters()[0].data, b.parameters()[0].data)
    h1 = nn.fit(a, Tensor(A), [0, 1], optimizer=optim.SGD(lr=0.1), epochs=2,
                validation=(Tensor(A), [1, 1]))
    h2 = nn.fit(b, A, np.array([0, 1], dtype=np.uint8), optimizer=optim.SGD(lr=0.1), epochs=2,
                validation=(A, np.array([1, 1], dtype=np.uint64)))      # unsigned labels too
    assert h1 == h2


def test_callback_sees_the_time_so_far_and_the_step_uses_the_fast_adam(monkeypatch):
    X, y = blobs(n=40)
    times = []
    h = nn.fit(nn.MLP((4, 5, 3)), X, y, optimizer=optim.Adam(lr=0.01), epochs=3,
               callback=lambda hist: times.append(hist.seconds))
    assert 0 < times[0] <= times[1] <= times[2] <= h.seconds < 60

    def refuse(*args):
        raise AssertionError("Adam._update called")
    monkeypatch.setattr(optim.Adam, "_update", refuse)
    nn.train_step(nn.MLP((4, 5, 3)), X, y, optimizer=optim.Adam(lr=0.01))
    with pytest.raises(AssertionError, match="Adam._update called"):
        nn.train_step(nn.MLP((4, 5, 3)), X, y, optimizer=type("MyAdam", (optim.Adam,), {})(lr=0.1))


def test_hyperparameters_are_checked_once_per_change(monkeypatch):
    calls = []
    check = optim.Adam._check
    monkeypatch.setattr(optim.Adam, "_check", lambda self: (calls.append(1), check(self)))
    X, y = blobs(n=10)
    model, opt = nn.MLP((4, 5, 3)), optim.Adam(lr=0.01)
    calls.clear()
    for _ in range(3):
        nn.train_step(model, X, y, optimizer=opt)
    assert len(calls) == 1
    opt.lr = 0.02
    nn.train_step(model, X, y, optimizer=opt)
    assert len(calls) == 2


def test_schedules_may_return_numpy_numbers():
    X, y = blobs(n=20)
    for value in (np.array(0.1), np.float32(0.25), 0, np.int64(1), np.uint8(2)):
        h = nn.fit(nn.MLP((4, 5, 3)), X, y, optimizer=optim.SGD(lr=0.5), epochs=1,
                   schedule=lambda e, v=value: v)
        assert h.lr == [float(value)]
    for bad in (np.array([0.1]), np.array(True), np.bool_(False), {0.1}, (0.1,), None,
                [0.1, [0.2]], "0.1"):
        with pytest.raises(TypeError, match=r"^fit: schedule\(0\) returned .*; expected a "
                                            r"learning rate, one number >= 0$"):
            nn.fit(nn.MLP((4, 5, 3)), X, y, optimizer=optim.SGD(lr=0.5), epochs=1,
                   schedule=lambda e, v=bad: v)


EXACT = [
    (lambda: M(np.ones((5, 4))), ValueError, "MLP: x has shape (5, 4); expected (batch, 3): one "
                                             "row of 3 features per example"),
    (lambda: nn.train_step(M, np.ones((5, 4)), YS, optimizer=SGD), ValueError,
     "train_step: x has shape (5, 4); expected (batch, 3): one row of 3 features per example"),
    (lambda: nn.train_step(M, XS, Tensor(YS), optimizer=SGD), ValueError,
     "train_step: y must be 5 integer labels in [0, 2) (one per row of x), got dtype float64; "
     "convert whole-number labels with y.astype(int)"),
    (lambda: nn.train_step(M, XS, ["a"] * 5, optimizer=SGD), ValueError,
     "train_step: y must be 5 integer labels in [0, 2) (one per row of x), got dtype <U1"),
    (lambda: nn.train_step(M, XS, np.array([0, 0, -1, 1, 5]), optimizer=SGD), ValueError,
     "train_step: y must be 5 integer labels in [0, 2) (one per row of x), got -1 at index 2: "
     "the classes are 0 to 1"),
    (lambda: nn.train_step(M, XS, YS, optimizer=SGD, lam=float("inf")), ValueError,
     "train_step: lam holds inf at index (); expected finite numbers (no NaN or infinity)"),
    (lambda: nn.fit("m", XS, YS, optimizer=SGD, epochs=1), TypeError,
     "fit: model must be an nn.MLP such as MLP((64, 128, 10)), got str 'm'"),
    (lambda: nn.fit(M, XS, YS, optimizer=None, epochs=1), TypeError,
     "fit: optimizer must be an optimiser of mathlib.optim such as Adam(lr=0.001) or "
     "SGD(lr=0.1), got NoneType None"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=1, lam=-0.5), ValueError,
     "fit: lam is the strength of the L2 penalty and must be >= 0 (0: no penalty), e.g. 0.0001; "
     "got -0.5"),
    (lambda: nn.fit(M, XS, [0, 1, 2, 3, 1], optimizer=SGD, epochs=1), ValueError,
     "fit: y must be 5 integer labels in [0, 2) (one per row of x), got 2 at index 2: the "
     "classes are 0 to 1"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=1, validation=(XS, YS, XS)), TypeError,
     "fit: validation must be None or a pair (X_val, y_val), got tuple"),
    (lambda: nn.fit(M, XS, YS, optimizer=SGD, epochs=1, validation=(XS[:0], YS[:0])), ValueError,
     "fit: validation's X_val has no rows (shape (0, 3)); expected at least one example, or "
     "validation=None"),
]


@pytest.mark.parametrize("case", range(len(EXACT)))
def test_exact_messages(case):
    call, kind, message = EXACT[case]
    with pytest.raises(kind) as info:
        call()
    text = str(info.value)
    assert text == message or (message.endswith("got tuple") and text.startswith(message)), text


def test_the_state_message_lists_every_shape():
    opt = optim.Momentum(lr=0.1)
    opt.step([np.zeros(3), np.zeros((2, 2))], [np.ones(3), np.ones((2, 2))])
    with pytest.raises(ValueError) as info:
        nn.train_step(M, XS, YS, optimizer=opt)
    assert str(info.value) == ("train_step: this optimiser already holds state for parameters of "
                               "shapes (3,), (2, 2), not for this model's (26 numbers in all); "
                               "give each model its own optimiser, e.g. Adam(lr=0.001)")


def test_inputs_are_checked_for_nan_and_inf_even_on_the_fast_path():
    model = nn.MLP((3, 4, 2), rng=0)
    for bad, word in ((np.nan, "nan"), (np.inf, "inf"), (-np.inf, "-inf")):
        X = np.ones((5, 3))
        X[2, 1] = bad
        with pytest.raises(ValueError, match=rf"^train_step: x holds {word} at index \(2, 1\); "):
            nn.train_step(model, X, YS, optimizer=SGD)
    huge = np.full((5, 3), 1e308)                        # finite, its sum is not: accepted
    assert np.isfinite(model.predict_proba(huge)).all()
    nn.train_step(model, np.full((5, 3), 1e308), YS, optimizer=optim.SGD(lr=0.0))


def test_other_float_types_and_empty_batches_compute_in_float64():
    model = nn.MLP((3, 4, 2), rng=0)
    X = np.array([[0.1, 0.2, 0.3], [1.0, -1.0, 0.5]])
    X32 = X.astype(np.float32)
    assert_array_equal(model.predict_proba(X32), model.predict_proba(X32.astype(float)))
    assert model.predict_proba(X32).dtype == np.float64
    assert_array_equal(model(X32).data, model(X32.astype(float)).data)
    assert model.predict(np.zeros((0, 3), dtype=int)).shape == (0,)
    assert model.predict_proba([[1, 2, 3]]).shape == (1, 2)
