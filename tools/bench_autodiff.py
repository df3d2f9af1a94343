"""Training-step speed of mathlib.autodiff: forward + backward of a 64-128-10 MLP on a batch of 64.

    .venv/bin/python -m tools.bench_autodiff [--repeats N]      # from the repository's root

Times the same step three or four ways and prints the median (and p95) per step in ms:

- ``mathlib.autodiff``: ``cross_entropy((X @ W1 + b1).tanh() @ W2 + b2, y)`` and ``.backward()``
  (also with ReLU);
- ``numpy by hand``: the same forward pass and the backward pass written out
  (``dZ2 = (softmax - onehot) / N``, ``dW2 = H^T dZ2``, ...), the floor for array-level autodiff;
- ``torch``: the same with PyTorch on the CPU, only when torch is importable (it is not installed
  for this).

The last line of stdout is a JSON dict (``{"autodiff_mlp": {...}}``) for build/bench.json; the
human-readable table goes to stderr. BLAS runs on one thread (see below) unless
OPENBLAS_NUM_THREADS / OMP_NUM_THREADS are set.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

# One BLAS thread, set before numpy loads: on a small, shared machine several threads fighting
# over two cores make 64x128 products 10-50x slower and the figures meaningless.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from mathlib.autodiff import Tensor, cross_entropy  # noqa: E402

N, D, H, K = 64, 64, 128, 10


def _data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(N, D))
    y = rng.integers(0, K, size=N)
    W1 = rng.normal(size=(D, H)) / np.sqrt(D)
    b1 = np.zeros(H)
    W2 = rng.normal(size=(H, K)) / np.sqrt(H)
    b2 = np.zeros(K)
    return X, y, [W1, b1, W2, b2]


def autodiff_step(X, y, params, activation: str):
    W1, b1, W2, b2 = (Tensor(p) for p in params)
    hidden = X @ W1 + b1
    hidden = hidden.tanh() if activation == "tanh" else hidden.relu()
    loss = cross_entropy(hidden @ W2 + b2, y)
    loss.backward()
    return loss.item(), [W1.grad, b1.grad, W2.grad, b2.grad]


def numpy_step(X, y, params, activation: str):
    W1, b1, W2, b2 = params
    Z1 = X @ W1 + b1
    A1 = np.tanh(Z1) if activation == "tanh" else np.maximum(Z1, 0)
    Z2 = A1 @ W2 + b2
    m = Z2.max(axis=1, keepdims=True)
    log_p = Z2 - m - np.log(np.exp(Z2 - m).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(N), y].mean()
    dZ2 = np.exp(log_p)
    dZ2[np.arange(N), y] -= 1
    dZ2 /= N
    dW2, db2 = A1.T @ dZ2, dZ2.sum(axis=0)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * (1 - A1 * A1) if activation == "tanh" else dA1 * (Z1 > 0)
    return loss, [X.T @ dZ1, dZ1.sum(axis=0), dW2, db2]


def torch_step_factory():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)

    def step(X, y, params, activation: str):
        W1, b1, W2, b2 = (torch.tensor(p, requires_grad=True) for p in params)
        Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
        hidden = Xt @ W1 + b1
        hidden = hidden.tanh() if activation == "tanh" else hidden.relu()
        loss = torch.nn.functional.cross_entropy(hidden @ W2 + b2, yt)
        loss.backward()
        return float(loss), [W1.grad.numpy(), b1.grad.numpy(), W2.grad.numpy(), b2.grad.numpy()]
    return step


def _time(step, args, repeats: int) -> dict:
    for _ in range(5):                              # warm up caches and allocators
        step(*args)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        step(*args)
        times.append(time.perf_counter() - t0)
    ms = np.array(times) * 1e3
    return {"median_ms": round(float(np.median(ms)), 4),
            "p95_ms": round(float(np.percentile(ms, 95)), 4)}


def main(repeats: int = 200) -> dict:
    X, y, params = _data()
    steps = {"mathlib.autodiff": autodiff_step, "numpy by hand": numpy_step}
    torch_step = torch_step_factory()
    if torch_step is not None:
        steps["torch"] = torch_step
    report = {"shape": f"{N}x{D} -> {H} -> {K}, softmax cross-entropy", "repeats": repeats,
              "torch": torch_step is not None, "rows": []}
    for activation in ("tanh", "relu"):
        ref_loss, ref_grads = numpy_step(X, y, params, activation)
        for name, step in steps.items():
            loss, grads = step(X, y, params, activation)
            agree = bool(abs(loss - ref_loss) < 1e-10 and all(
                np.allclose(g, r, rtol=1e-9, atol=1e-12) for g, r in zip(grads, ref_grads)))
            report["rows"].append({"impl": name, "activation": activation, "agrees": agree,
                                   **_time(step, (X, y, params, activation), repeats)})
    hand = {r["activation"]: r["median_ms"] for r in report["rows"] if r["impl"] == "numpy by hand"}
    for r in report["rows"]:
        r["vs_numpy"] = round(r["median_ms"] / hand[r["activation"]], 2)
    return report


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    report = main(parser.parse_args().repeats)
    print(f"forward + backward, {report['shape']}, batch {N}", file=sys.stderr)
    print(f"{'implementation':20} {'act':5} {'median ms':>10} {'p95 ms':>8} {'x numpy':>8} agrees",
          file=sys.stderr)
    for r in report["rows"]:
        print(f"{r['impl']:20} {r['activation']:5} {r['median_ms']:>10.3f} {r['p95_ms']:>8.3f} "
              f"{r['vs_numpy']:>8.2f} {r['agrees']}", file=sys.stderr)
    if not report["torch"]:
        print("torch: not importable, left out", file=sys.stderr)
    print(json.dumps({"autodiff_mlp": report}))
