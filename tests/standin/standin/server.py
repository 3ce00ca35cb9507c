# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""StandIn: a threaded moto server with the stand-in's patches and middleware, in this process."""

import errno
import logging
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import make_server

from . import StandInError, account_regions, assume_role_faults, control_api, cross_account, replication, secret_lifecycle
from .endpoint import Endpoint
from .middleware import StandInMiddleware
from .state import STATE


def create_app(state=STATE):
    """The WSGI app: moto's dispatcher behind the stand-in middleware (patches installed first, in this order:
    cross_account wraps some of replication's patches)."""
    replication.install()
    secret_lifecycle.install()
    cross_account.install()
    account_regions.install()
    assume_role_faults.install()
    return StandInMiddleware(DomainDispatcherApplication(create_backend_app), state)


class StandIn(Endpoint):
    """Start/stop/reset a stand-in server on host:port (port 0: any free port), in this process.

    State (moto's and the stand-in's) is process-wide: run one StandIn per process.
    standin.process.StandInProcess is the same, in a process of its own.
    """

    def __init__(self, host="127.0.0.1", port=0, quiet=True):
        self.host = host
        self.port = port
        self.quiet = quiet
        self.state = STATE
        self._server = None
        self._thread = None

    # lifecycle
    def start(self):
        if self._server is not None:
            return self
        if self.quiet:
            logging.getLogger("werkzeug").setLevel(logging.WARNING)
        try:
            self._server = make_server(self.host, self.port, create_app(self.state), threaded=True, request_handler=MotoRequestHandler)
        except (OSError, SystemExit) as error:
            # werkzeug exits (SystemExit) after printing when the address is in use
            in_use = isinstance(error, SystemExit) or getattr(error, "errno", None) == errno.EADDRINUSE
            reason = "is already in use" if in_use else f"can't be used: {error}"
            raise StandInError(f"port {self.port} on {self.host} {reason}") from error
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"standin-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
        self._server = None
        self._thread = None

    def serve_forever(self):
        """Run in the foreground until interrupted (used by the CLI's background process)."""
        self.start()
        try:
            self._thread.join()
        finally:
            self.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    @property
    def url(self):
        if self._server is None:
            raise StandInError("the stand-in is not running: call start() first")
        return f"http://{self.host}:{self.port}"

    # state
    def reset(self):
        """Wipe moto state (all services, all Regions), faults, config and the request log."""
        control_api.reset_everything(self.state)

    def request_log(self):
        return self.state.requests()

    def clear_request_log(self):
        self.state.clear_requests()

    def faults(self):
        return self.state.faults()

    def set_faults(self, **faults):
        """Merge fault settings: throttle_rate, unavailable_regions, latency_ms, throttle_operations, seed."""
        return self.state.set_faults(**faults)

    def clear_faults(self):
        return self.state.clear_faults()

    def config(self):
        return self.state.config()

    def configure(self, **config):
        """Merge config settings: replication_delay_seconds, write_quota_per_second, stale_replica_status_after_promotion."""
        return self.state.configure(**config)
