"""Code that runs *inside* a notebook's kernel after all its cells (see tests/nbkernel.py).

``sweep`` moves every control the notebook created to its minimum, maximum, default and values in
between, and reports every exception, swallowed error and warning. ``bench`` times slider updates.
"""

import math
import statistics
import time
import warnings


def _controls():
    import ipywidgets as w
    from ipywidgets.widgets.widget import _instances

    value_types = (w.FloatSlider, w.IntSlider, w.FloatLogSlider, w.SelectionSlider,
                   w.Dropdown, w.ToggleButtons, w.RadioButtons, w.Select, w.Checkbox,
                   w.ToggleButton, w.BoundedFloatText, w.BoundedIntText)
    widgets_now = list(_instances.values())
    controls = [c for c in widgets_now if isinstance(c, value_types)]
    buttons = [b for b in widgets_now if isinstance(b, w.Button)]
    return controls, buttons


def _label(control):
    from mathlib.explore import Explorer

    for ex in list(Explorer.instances):
        for name, c in ex.controls.items():
            if c is control:
                return f"{ex.title or 'explorer'} / {name}"
    return getattr(control, "description", "") or type(control).__name__


def _values(control, n_between=4):
    """Minimum, maximum, default and n_between values in between."""
    import ipywidgets as w

    if isinstance(control, (w.Checkbox, w.ToggleButton)):
        return [True, False, control.value]
    if hasattr(control, "index") and hasattr(control, "options"):
        return [("index", i) for i in range(len(control.options))] + [("index", control.index)]
    lo, hi = control.min, control.max
    if isinstance(control, w.FloatLogSlider):
        exps = [lo, hi] + [lo + (hi - lo) * k / (n_between + 1) for k in range(1, n_between + 1)]
        return [control.base ** e for e in exps] + [control.value]
    between = [lo + (hi - lo) * k / (n_between + 1) for k in range(1, n_between + 1)]
    if isinstance(control, (w.IntSlider, w.BoundedIntText)):
        between = [int(round(v)) for v in between]
    return [lo, hi] + between + [control.value]


def _set(control, value):
    if isinstance(value, tuple) and value and value[0] == "index":
        control.index = value[1]
    else:
        control.value = value


def _swallowed():
    """Errors hidden inside Output widgets and explorers' status lines."""
    import ipywidgets as w
    from ipywidgets.widgets.widget import _instances
    from mathlib.explore import Explorer

    found = []
    for widget in list(_instances.values()):
        if isinstance(widget, w.Output):
            for out in widget.outputs:
                if out.get("output_type") == "error" or out.get("name") == "stderr":
                    found.append(f"inside an Output widget: {str(out)[:300]}")
    for ex in list(Explorer.instances):
        if ex.status.value:
            found.append(f"{ex.title}: {ex.status.value}")
    return found


def sweep():
    controls, buttons = _controls()
    problems, moves = [], 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for category in (DeprecationWarning, PendingDeprecationWarning):
            warnings.filterwarnings("default", category=category)
        for control in controls:
            for value in _values(control):
                moves += 1
                try:
                    _set(control, value)
                except Exception as exc:
                    problems.append(f"{_label(control)} = {value!r}: {type(exc).__name__}: {exc}")
        for button in buttons:
            try:
                button.click()
            except Exception as exc:
                problems.append(f"button {button.description!r}: {type(exc).__name__}: {exc}")
    problems += _swallowed()
    return {"controls": len(controls), "buttons": len(buttons), "moves": moves,
            "problems": problems}


def bench(moves=24):
    """Time ``moves`` updates of every explorer control: compute plus render (a forced blit).

    The canvas's headless-only PNG copy for static export (``syncing_data_url``) is switched off,
    as it is in a live browser.
    """
    import ipywidgets as w
    from mathlib.explore import Explorer

    rows = []
    for ex in list(Explorer.instances):
        ex.fig.canvas.syncing_data_url = False
        for name, control in ex.controls.items():
            values = _values(control, n_between=moves)
            if isinstance(control, (w.FloatSlider, w.IntSlider, w.FloatLogSlider)):
                values = values[2:-1]  # the evenly spaced moves, min to max
            times = []
            while len(times) < moves:
                for value in values:
                    start = time.perf_counter()
                    _set(control, value)
                    times.append(1000 * (time.perf_counter() - start))
            ex.reset()
            times.sort()
            rows.append({"explorer": ex.title, "control": name,
                         "median_ms": round(statistics.median(times), 2),
                         "p95_ms": round(times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)], 2),
                         "moves": len(times)})
    return rows


def peak_rss_mb():
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
