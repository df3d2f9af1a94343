"""One training step, mathlib beside PyTorch on one thread (issue 21, "Speed").

    .venv/bin/python -m tools.bench_training          # from the repository's root; about 20 s
    .venv/bin/python -m tools.bench_training --install  # make the private PyTorch venv (once)

The step: an MLP 64-128-10 (ReLU), a batch of 64 digits (``mathlib.data.load_digits``, X / 16),
float64, mean softmax cross-entropy, Adam (lr 1e-3, betas 0.9 / 0.999, eps 1e-8); one step =
zero the gradients, forward, loss, backward, optimiser step, the loss as a Python float.

- mathlib: ``nn.train_step(model, xb, yb, optimizer=optim.Adam(lr=1e-3))`` on
  ``nn.MLP((64, 128, 10), rng=0)``;
- PyTorch: ``Linear(64, 128), ReLU, Linear(128, 10)`` in ``.double()``,
  ``torch.nn.functional.cross_entropy`` and ``torch.optim.Adam`` with its defaults (on the CPU
  that is its single-tensor implementation: neither ``foreach`` nor ``fused``),
  ``torch.set_num_threads(1)`` and ``set_num_interop_threads(1)``.

Both start from the same weights (the mathlib model's, transposed for torch) and cycle over the
same fixed, seeded sequence of 28 batches (one epoch). Each side runs in its own process, started
once with OMP_NUM_THREADS = OPENBLAS_NUM_THREADS = MKL_NUM_THREADS = 1 (numpy's BLAS on one thread
as well as torch's): WARMUP untimed steps, then ROUNDS blocks of STEPS steps taking turns
(mathlib, torch, mathlib, ...: a busy moment of the machine falls on both), each step timed alone
(``time.perf_counter``, the garbage collector on, as in training). Reported: the median and the
95th percentile in microseconds over every timed step, and ``ratio`` = mathlib / torch (below 1:
mathlib is faster); also the median CPU time of a step (``*_cpu_us``, ``ratio_cpu``: the
process's CPU time, which leaves out the time a busy machine gives to other processes). Before
timing, each side runs CHECK steps from the first batch on a fresh model and the bench compares
the losses: the same first loss (forward + loss agree) and the same losses over the CHECK steps
(backward + Adam agree).

PyTorch is not a requirement of the course. It is found as ``import torch`` in this Python, else
in the private venv build/torch-venv (``make bench`` makes it once: ``--install``, the CPU wheel
torch==2.13.0), else the comparison is left out and said so (``"torch": "absent: <reason>"``);
BENCH_TORCH_PYTHON=/path/to/python names another Python with torch. This machine's pip finds the
CPU wheel on disk; elsewhere, PyPI's Linux wheel is the CUDA build (several GB): set
PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cpu before ``make bench`` for the CPU one.

The last line of stdout is a JSON dict ``{"training": {...}}`` for build/bench.json (also written
to build/bench-training.json); the human-readable lines go to stderr.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TORCH_VENV = ROOT / "build" / "torch-venv"
TORCH_PIN = "torch==2.13.0"          # the CPU wheel on this machine; a plain `pip install torch`
                                     # would pull a multi-GB CUDA build
SIZES = (64, 128, 10)
BATCH = 64
LR = 1e-3
ROUNDS = 20
WARMUP = 200
STEPS = 150
CHECK = 10
THREAD_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
WHAT = (f"MLP {'-'.join(map(str, SIZES))}, batch {BATCH}, float64, Adam, 1 thread")


# -- the two sides (each in its own process: ``python tools/bench_training.py --serve SIDE``) -

def _load(path: str):
    import numpy as np

    with np.load(path) as data:
        return ([(data["X"][i], data["y"][i]) for i in range(len(data["X"]))],
                [data[f"w{i}"] for i in range(2 * (len(SIZES) - 1))])


def mathlib_side(weights):
    """(step, description): ``step(xb, yb) -> loss`` of mathlib's train_step on a fresh model
    with ``weights`` ([W1, b1, W2, b2], W as (fan_in, fan_out)) and a fresh Adam."""
    import mathlib
    from mathlib import nn, optim

    model = nn.MLP(SIZES, rng=0)
    for p, w in zip(model.parameters(), weights, strict=True):
        p.data[...] = w
    adam = optim.Adam(lr=LR)

    def step(xb, yb):
        return nn.train_step(model, xb, yb, optimizer=adam)
    return step, {"impl": "mathlib.nn.train_step",
                  "mathlib_path": str(Path(mathlib.__file__).parent)}


def torch_side(weights):
    """(step, description): the same step in PyTorch, one thread, Adam with its defaults."""
    import numpy as np
    import torch

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:             # only allowed before any inter-op work
        pass
    linears = [torch.nn.Linear(a, b) for a, b in zip(SIZES, SIZES[1:])]
    layers = []
    for lin in linears:
        layers += [lin, torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1]).double()
    with torch.no_grad():
        for k, lin in enumerate(linears):
            lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(weights[2 * k].T)))
            lin.bias.copy_(torch.from_numpy(weights[2 * k + 1]))
    adam = torch.optim.Adam(model.parameters(), lr=LR)
    cross_entropy = torch.nn.functional.cross_entropy

    def step(xb, yb):
        adam.zero_grad()
        loss = cross_entropy(model(xb), yb)
        loss.backward()
        adam.step()
        return loss.item()

    try:                             # what Adam's defaults (foreach=None, fused=None) choose here
        from torch.optim.optimizer import _default_to_fused_or_foreach
        fused, foreach = _default_to_fused_or_foreach(list(model.parameters()), False, False)
        kind = "fused" if fused else "foreach" if foreach else "single-tensor (for-loop)"
    except Exception as exc:         # a private function: another version may not have it
        kind = f"default (not determined: {type(exc).__name__})"
    return step, {"impl": "torch.optim.Adam defaults", "torch_version": torch.__version__,
                  "adam_implementation": kind, "torch_threads": torch.get_num_threads(),
                  "torch_interop_threads": torch.get_num_interop_threads()}


class Side:
    """One side in this process: ``check(k)`` the losses of k steps from the first batch on a
    fresh model; ``time(n)`` the times of n more steps of the timed model, cycling over the
    batches, each step timed alone (microseconds)."""

    def __init__(self, side: str, data_path: str):
        import numpy as np

        self.batches, self.weights = _load(data_path)
        self.make = mathlib_side if side == "mathlib" else torch_side
        if side == "torch":
            import torch
            self.batches = [(torch.from_numpy(x), torch.from_numpy(y.astype(np.int64)))
                            for x, y in self.batches]
        self.step, about = self.make(self.weights)
        self.done = 0
        self.about = {"side": side, "numpy_version": np.__version__, "python": sys.executable,
                      "env": {k: os.environ.get(k) for k in THREAD_ENV}, **about}

    def check(self, k: int) -> list:
        step, _ = self.make(self.weights)
        return [float(step(*self.batches[i % len(self.batches)])) for i in range(k)]

    def time(self, n: int) -> list:
        """[[wall us, CPU us], ...] of n steps: CPU time is this process's (every thread's),
        which leaves out the time the machine gave to other processes."""
        wall, cpu, step, batches, times = time.perf_counter, time.process_time, self.step, \
            self.batches, []
        for i in range(self.done, self.done + n):
            xb, yb = batches[i % len(batches)]
            c0, t0 = cpu(), wall()
            step(xb, yb)
            t1, c1 = wall(), cpu()
            times.append([round((t1 - t0) * 1e6, 2), round((c1 - c0) * 1e6, 2)])
        self.done += n
        return times


def serve(side: str, data_path: str) -> None:
    """The worker process: a JSON line describing the side, then for every command line read
    ("check K", "time N", "quit") one JSON line with its answer."""
    me = Side(side, data_path)
    print(json.dumps(me.about), flush=True)
    for line in sys.stdin:
        what, _, n = line.partition(" ")
        if what == "quit":
            break
        print(json.dumps(me.check(int(n)) if what == "check" else me.time(int(n))), flush=True)


class Worker:
    """A side's process (started with one thread for BLAS and torch), driven line by line."""

    def __init__(self, side: str, python: str, data: Path):
        self.side, self.python = side, python
        self.errors = tempfile.TemporaryFile("w+")     # not a pipe: it could fill and block
        try:
            self.proc = subprocess.Popen(
                [python, str(ROOT / "tools" / "bench_training.py"), "--serve", side, str(data)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, text=True,
                env=_env(), cwd=ROOT)
        except OSError as exc:
            self.errors.close()
            raise RuntimeError(f"the {side} side cannot start ({python}): {exc}") from exc
        self.about = self._answer()

    def _answer(self):
        line = self.proc.stdout.readline()
        if not line:
            self.proc.kill()
            self.proc.wait()
            self.errors.seek(0)
            last = (self.errors.read().strip().splitlines() or ["no message"])[-1]
            self.errors.close()
            raise RuntimeError(f"the {self.side} side failed ({self.python}): {last}")
        return json.loads(line)

    def ask(self, command: str):
        try:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        except OSError:              # it has ended: _answer says why
            pass
        return self._answer()

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.communicate("quit\n", timeout=30)
            except (OSError, subprocess.TimeoutExpired, ValueError):
                self.proc.kill()
                self.proc.wait()
        self.errors.close()


# -- finding PyTorch ----------------------------------------------------------------------------

def _imports_torch(python: str) -> str | None:
    """None if ``python`` imports torch and numpy, else why not (one line)."""
    try:
        done = subprocess.run([python, "-c", "import torch, numpy; print(torch.__version__)"],
                              capture_output=True, text=True, timeout=120, env=_env())
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{python} cannot run ({type(exc).__name__}: {exc})"
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"{python}: {last}"
    return None


def find_torch(python: str | None = None) -> tuple[str | None, str]:
    """(a Python that imports torch, where it is) or (None, why there is none).

    ``python`` (or BENCH_TORCH_PYTHON) names the one to use; else this Python if it imports
    torch, else build/torch-venv/bin/python."""
    python = python or os.environ.get("BENCH_TORCH_PYTHON")
    if python:
        problem = _imports_torch(python)
        return (None, problem) if problem else (python, python)
    here = _imports_torch(sys.executable)
    if here is None:
        return sys.executable, "the course's Python"
    venv_python = _venv_python(TORCH_VENV)
    if not venv_python.exists():
        return None, (f"not in the course's Python and no {TORCH_VENV.relative_to(ROOT)} "
                      f"(make torch-venv, or make bench, installs {TORCH_PIN} there)")
    problem = _imports_torch(str(venv_python))
    if problem:
        return None, problem
    return str(venv_python), str(TORCH_VENV.relative_to(ROOT))


def _venv_python(venv: Path) -> Path:
    """The Python of a virtual environment, where this platform puts it (bin/ or Scripts\\)."""
    scripts = sysconfig.get_path("scripts", vars={"base": str(venv), "platbase": str(venv)})
    return Path(scripts) / ("python.exe" if os.name == "nt" else "python")


def install_torch_venv(venv: Path = TORCH_VENV) -> str | None:
    """Make ``venv`` with the CPU wheel torch==2.13.0 and numpy, unless torch is already found.
    None when done (or not needed), else why it failed (the venv is then removed)."""
    python, _ = find_torch()
    if python:
        return None
    import shutil

    shutil.rmtree(venv, ignore_errors=True)
    for cmd in ([sys.executable, "-m", "venv", str(venv)],
                [str(_venv_python(venv)), "-m", "pip", "install", "--quiet", TORCH_PIN, "numpy"]):
        print("$", " ".join(cmd), file=sys.stderr, flush=True)
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        except (OSError, subprocess.TimeoutExpired) as exc:
            shutil.rmtree(venv, ignore_errors=True)
            return f"{cmd[0]} {cmd[1]}: {type(exc).__name__}: {exc}"
        if done.returncode:
            shutil.rmtree(venv, ignore_errors=True)
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            return f"{' '.join(cmd[:3])} ... failed: {last}"
    return None


# -- the comparison -----------------------------------------------------------------------------

def _env() -> dict:
    return {**os.environ, **THREAD_ENV}


def batches(n: int | None = None, seed: int = 0):
    """The digits (X / 16) in a fixed, seeded order cut into batches of BATCH: (X (B, 64, 64),
    y (B, 64)); one epoch's full batches (28) unless ``n`` says how many."""
    import numpy as np

    from mathlib.data import load_digits

    digits = load_digits()
    order = np.random.default_rng(seed).permutation(len(digits.y))
    count = len(order) // BATCH if n is None else n
    pick = order[:count * BATCH].reshape(count, BATCH)
    return digits.X[pick] / 16.0, digits.y[pick]


def initial_weights() -> list:
    """The weights of ``nn.MLP((64, 128, 10), rng=0)``: [W1, b1, W2, b2], W (fan_in, fan_out)."""
    from mathlib import nn

    return [p.data.copy() for p in nn.MLP(SIZES, rng=0).parameters()]


def write_data(path: Path) -> int:
    """The batches and the initial weights, for both sides, as an .npz file: how many batches."""
    import numpy as np

    X, y = batches()
    np.savez(path, X=X, y=y, **{f"w{i}": w for i, w in enumerate(initial_weights())})
    return len(X)


def summary(times_us: list) -> tuple[float, float]:
    """(median, 95th percentile) in microseconds, to 0.1 us."""
    import numpy as np

    return (round(float(np.median(times_us)), 1), round(float(np.percentile(times_us, 95)), 1))


def ratio(mathlib_us, torch_us):
    """mathlib's median over torch's (below 1: mathlib faster); None without torch's."""
    if mathlib_us is None or not torch_us:
        return None
    return round(mathlib_us / torch_us, 3)


def same_losses(a: list, b: list, rtol: float = 1e-9) -> bool:
    """Whether two lists of losses agree to ``rtol`` (float64 summed in another order)."""
    return len(a) == len(b) > 0 and all(abs(x - y) <= rtol * max(1.0, abs(x), abs(y))
                                        for x, y in zip(a, b))


def compare(*, torch_python: str | None = None, rounds: int = ROUNDS, warmup: int = WARMUP,
            steps: int = STEPS, check: int = CHECK) -> dict:
    """The "training" figures: both sides' processes started once, then ``rounds`` blocks of
    ``steps`` timed steps taking turns (mathlib, torch, mathlib, ...: a busy moment of the
    machine falls on both); torch left out, and said so, when it is not found or fails."""
    python, where = find_torch(torch_python)
    started = time.monotonic()
    problem = None if python else where
    workers, about, times, losses = {}, {}, {"mathlib": [], "torch": []}, {}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "batches.npz"
        count = write_data(data)
        try:
            for side, exe in (("mathlib", sys.executable), ("torch", python)):
                if side == "torch" and problem:
                    continue
                try:
                    workers[side] = Worker(side, exe, data)
                    about[side] = workers[side].about
                    losses[side] = workers[side].ask(f"check {check}")
                    workers[side].ask(f"time {warmup}")
                except RuntimeError as exc:
                    if side == "mathlib":
                        raise
                    problem = str(exc)
                    workers.pop(side, None)
            for _ in range(rounds):
                for side in list(workers):
                    try:
                        times[side] += workers[side].ask(f"time {steps}")
                    except RuntimeError as exc:
                        if side == "mathlib":
                            raise
                        problem = str(exc)
                        workers.pop(side)
        finally:
            for w in workers.values():
                w.close()
    m = about["mathlib"]
    m_med, m_p95 = summary([w for w, _ in times["mathlib"]])
    m_cpu = summary([c for _, c in times["mathlib"]])[0]
    report = {"what": ("one step: zero grads, forward, mean softmax cross-entropy, backward, "
                       f"Adam (lr {LR}, betas 0.9/0.999, eps 1e-8); {WHAT}"),
              "mathlib_step_us": m_med, "torch_step_us": None, "ratio": None,
              "mathlib_p95_us": m_p95, "torch_p95_us": None,
              "mathlib_cpu_us": m_cpu, "torch_cpu_us": None, "ratio_cpu": None,
              "sizes": list(SIZES), "batch": BATCH, "dtype": "float64", "threads": 1,
              "thread_env": dict(THREAD_ENV), "rounds": rounds, "warmup_steps": warmup,
              "timed_steps_per_round": steps,
              "data": f"digits X/16, {count} seeded batches, cycled",
              "mathlib_impl": m["impl"], "numpy_version": m["numpy_version"],
              "first_loss": {"mathlib": losses["mathlib"][0] if check else None},
              "same_first_loss": None, "same_losses": None, "check_steps": check}
    if problem is None:
        t = about["torch"]
        t_med, t_p95 = summary([w for w, _ in times["torch"]])
        t_cpu = summary([c for _, c in times["torch"]])[0]
        report.update(torch_step_us=t_med, torch_p95_us=t_p95, ratio=ratio(m_med, t_med),
                      torch_cpu_us=t_cpu, ratio_cpu=ratio(m_cpu, t_cpu),
                      torch=f"{t['torch_version']} ({where})", torch_version=t["torch_version"],
                      torch_adam=t["adam_implementation"], torch_threads=t["torch_threads"],
                      torch_interop_threads=t["torch_interop_threads"],
                      torch_numpy_version=t["numpy_version"],
                      same_first_loss=same_losses(losses["mathlib"][:1], losses["torch"][:1]),
                      same_losses=same_losses(losses["mathlib"], losses["torch"]))
        report["first_loss"]["torch"] = losses["torch"][0] if check else None
    else:
        report["torch"] = f"absent: {problem}"
    report["seconds"] = round(time.monotonic() - started, 1)
    return report


def lines(report: dict) -> list[str]:
    """The human-readable report: the one line, then the checks."""
    r = report
    head = f"training step ({WHAT}): mathlib {r['mathlib_step_us']:.0f} us"
    if r["torch_step_us"] is None:
        return [head + f" (p95 {r['mathlib_p95_us']:.0f} us)",
                f"PyTorch not available: {r['torch'].removeprefix('absent: ')} "
                "(training ratio not measured)",
                f"  (numpy on one thread: {', '.join(f'{k}=1' for k in r['thread_env'])})"]
    yes = {True: "yes", False: "NO", None: "-"}
    return [head + f", PyTorch {r['torch_version']} {r['torch_step_us']:.0f} us, "
                   f"ratio {r['ratio']:.2f}",
            f"  p95: mathlib {r['mathlib_p95_us']:.0f} us, PyTorch {r['torch_p95_us']:.0f} us; "
            f"medians over {r['rounds']} x {r['timed_steps_per_round']} steps per side "
            f"(ratio = mathlib / PyTorch, below 1: mathlib faster)",
            f"  CPU time per step (leaves out time given to other processes): mathlib "
            f"{r['mathlib_cpu_us']:.0f} us, PyTorch {r['torch_cpu_us']:.0f} us, "
            f"ratio {r['ratio_cpu']:.2f}",
            f"  one thread: {', '.join(f'{k}=1' for k in r['thread_env'])} for both, "
            f"torch.set_num_threads({r['torch_threads']}), interop "
            f"{r['torch_interop_threads']}; torch Adam: {r['torch_adam']}; torch from "
            f"{r['torch'].split(' (', 1)[1].rstrip(')')}",
            f"  same first loss: {yes[r['same_first_loss']]} (mathlib "
            f"{r['first_loss']['mathlib']:.12f}, PyTorch {r['first_loss']['torch']:.12f}); "
            f"same losses over the first {r['check_steps']} steps: {yes[r['same_losses']]}"]


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m tools.bench_training",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--install", action="store_true",
                        help=f"make {TORCH_VENV.relative_to(ROOT)} with {TORCH_PIN} (once)")
    parser.add_argument("--torch-python", help="a Python with torch (default: found)")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--steps", type=int, default=STEPS, help="timed steps per round")
    parser.add_argument("--warmup", type=int, default=WARMUP)
    parser.add_argument("--serve", nargs=2, metavar=("SIDE", "DATA"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(*args.serve)
        return 0
    if args.install:
        problem = install_torch_venv()
        print(f"PyTorch not installed: {problem} (make bench goes on without the training "
              "ratio)" if problem else f"PyTorch: {find_torch()[1]}", file=sys.stderr)
        return 0
    report = compare(torch_python=args.torch_python, rounds=args.rounds, warmup=args.warmup,
                     steps=args.steps)
    print("\n".join(lines(report)), file=sys.stderr)
    out = ROOT / "build" / "bench-training.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"training": report}, indent=2) + "\n")
    print(json.dumps({"training": report}))
    return 0


if __name__ == "__main__":
    if "--serve" in sys.argv:        # a side's process: one thread, set before numpy loads
        os.environ.update(THREAD_ENV)
        sys.path[:1] = [str(ROOT)] if sys.argv[sys.argv.index("--serve") + 1] == "mathlib" \
            else sys.path[1:]
    sys.exit(main())
