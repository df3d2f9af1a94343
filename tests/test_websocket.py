"""mathlib._websocket: the kernel's WebSocket with TCP_NODELAY, set through public config."""

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

from mathlib import _websocket

ROOT = Path(__file__).resolve().parents[1]


def test_the_connection_turns_nagle_off_before_it_connects(monkeypatch):
    handler = KernelWebsocketHandler.__new__(KernelWebsocketHandler)   # no request needed
    calls, seen_by_connect = [], []
    handler.set_nodelay = calls.append
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect",
                        lambda self: seen_by_connect.append(list(calls)) or "connected")
    connection = _websocket.NoDelayKernelConnection(websocket_handler=handler)
    assert connection.connect() == "connected"
    assert calls == [True] and seen_by_connect == [[True]]


def _server(setting):
    messages = []
    log = SimpleNamespace(info=lambda *args: messages.append(args[0] % args[1:]))
    return SimpleNamespace(web_app=SimpleNamespace(settings={_websocket._SETTING: setting}),
                           log=log), messages


def test_the_extension_replaces_jupyter_servers_default_connection_only():
    server, messages = _server(ZMQChannelsWebsocketConnection)
    _websocket._load_jupyter_server_extension(server)
    assert server.web_app.settings[_websocket._SETTING] is _websocket.NoDelayKernelConnection
    assert messages == []

    class Configured(ZMQChannelsWebsocketConnection):
        pass

    server, messages = _server(Configured)
    _websocket._load_jupyter_server_extension(server)
    assert server.web_app.settings[_websocket._SETTING] is Configured
    assert len(messages) == 1 and "Configured" in messages[0] and "kept" in messages[0]
    assert _websocket._jupyter_server_extension_points() == [{"module": "mathlib._websocket"}]


def test_the_installed_configuration_gives_lab_and_voila_the_connection():
    """What `make lab` and Voila read: the server extension is on, Voila names the class."""
    config = Path(sys.prefix, "etc", "jupyter")
    enabled = json.loads((config / "jupyter_server_config.d" / "mathlib.json").read_text())
    assert enabled["ServerApp"]["jpserver_extensions"] == {"mathlib._websocket": True}
    voila = json.loads((config / "voila.json").read_text())
    assert voila["Voila"]["kernel_websocket_connection_class"] == \
        "mathlib._websocket.NoDelayKernelConnection"
    code = ("from jupyter_server.serverapp import ServerApp; app = ServerApp(); "
            "app.initialize(argv=['--no-browser', '--ServerApp.port=0', "
            "'--ServerApp.log_level=CRITICAL']); "
            "print(app.web_app.settings['kernel_websocket_connection_class'].__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.stdout.strip().splitlines()[-1:] == ["NoDelayKernelConnection"], out.stderr[-2000:]
