"""The kernel's WebSocket without Nagle's algorithm: a slider's frame reaches the browser at once.

Jupyter Server (2.21) never calls tornado's ``set_nodelay(True)`` on a kernel's WebSocket, so the
operating system holds back each small message that follows another until the browser has
acknowledged the first, and a browser acknowledges late (Linux: up to 40 ms). A slider move
answers with a few messages in a row (the kernel busy, the slider's echo, the new frame, the
readout, idle): all but the first waited 10-40 ms, measured on a 2-core machine, between the
server writing them and the page receiving them. :class:`NoDelayKernelConnection` is Jupyter
Server's own connection class with ``TCP_NODELAY`` set when the browser connects.

It is set through public extension points by the configuration files installed with mathlib
(etc/, see setup.py), so ``make lab``, Voila and a JupyterHub single-user server all use it:

- Jupyter Server (Lab, a hub's single-user server, Voila inside Lab): this module is a server
  extension (``jupyter_server_config.d/mathlib.json``) that makes the class the server's
  ``kernel_websocket_connection_class``, unless the server's configuration chose another one;
- Voila on its own: ``Voila.kernel_websocket_connection_class`` in ``voila.json``.

Imported by the Jupyter server only (mathlib itself needs just numpy).
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

__all__ = ["NoDelayKernelConnection"]

_SETTING = "kernel_websocket_connection_class"


class NoDelayKernelConnection(ZMQChannelsWebsocketConnection):
    """Jupyter Server's kernel WebSocket connection; it sends each message as soon as written."""

    def connect(self):
        self.websocket_handler.set_nodelay(True)
        return super().connect()


def _jupyter_server_extension_points():
    return [{"module": "mathlib._websocket"}]


def _load_jupyter_server_extension(serverapp) -> None:
    """Use :class:`NoDelayKernelConnection` for kernels' WebSockets, unless configured otherwise."""
    settings = serverapp.web_app.settings
    if settings.get(_SETTING) is ZMQChannelsWebsocketConnection:
        settings[_SETTING] = NoDelayKernelConnection
    else:
        serverapp.log.info("mathlib: the server's %s is %s; kept (its WebSocket may delay "
                           "small messages)", _SETTING, settings.get(_SETTING))
