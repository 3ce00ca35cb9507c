# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line: start (background), stop, reset, status, serve (foreground), env (variables for other tools)."""

import argparse
import errno
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from . import DEFAULT_REGION
from .endpoint import environment

DEFAULT_PORT = 4569
DEFAULT_HOST = "127.0.0.1"


def _control(host, port, path, method="GET", timeout=2.0):
    request = urllib.request.Request(f"http://{host}:{port}/_standin{path}", method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def _port_in_use(host, port):
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Same option as werkzeug's server, so a port left in TIME_WAIT by a stopped stand-in counts as free.
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        probe.bind((host, port))
    except OSError as error:
        return error.errno == errno.EADDRINUSE
    finally:
        probe.close()
    return False


def _read_pid(pidfile):
    try:
        with open(pidfile, encoding="utf-8") as handle:
            return int(handle.read().strip())
    except (OSError, ValueError):
        return None


def _is_standin_process(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return b"standin" in handle.read()
    except OSError:
        return False


def _tail(path, lines=20):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
    except OSError:
        return ""


def cmd_start(args):
    if args.pidfile:
        pid = _read_pid(args.pidfile)
        if pid and _is_standin_process(pid):
            print(f"standin: already running (pid {pid}, pidfile {args.pidfile})", file=sys.stderr)
            return 1
    if _port_in_use(args.host, args.port):
        print(f"standin: port {args.port} on {args.host} is already in use; stop what runs there or pick another --port", file=sys.stderr)
        return 1
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
    logfile = os.path.abspath(args.logfile) if args.logfile else os.devnull
    with open(logfile, "ab") as log:
        # start_new_session: the server outlives this command and its terminal/process group.
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, "-m", "standin", "serve", "--host", args.host, "--port", str(args.port)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, cwd="/", start_new_session=True,
        )
    if args.pidfile:
        with open(args.pidfile, "w", encoding="utf-8") as handle:
            handle.write(f"{process.pid}\n")
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            print(f"standin: the server exited with code {process.returncode}; log {logfile}:\n{_tail(logfile)}", file=sys.stderr)
            if args.pidfile:
                _remove(args.pidfile)
            return 1
        try:
            status = _control(args.host, args.port, "/status", timeout=0.5)
        except (OSError, ValueError):
            time.sleep(0.1)
            continue
        if status.get("pid") == process.pid:
            print(f"standin: running on http://{args.host}:{args.port} (pid {process.pid})")
            return 0
        time.sleep(0.1)
    os.kill(process.pid, signal.SIGTERM)
    print(f"standin: the server did not answer within {args.timeout} s; stopped it. Log {logfile}:\n{_tail(logfile)}", file=sys.stderr)
    return 1


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


def cmd_stop(args):
    pid = _read_pid(args.pidfile)
    if pid is None:
        print(f"standin: no pid in {args.pidfile}; nothing to stop")
        return 0
    if not _is_standin_process(pid):
        print(f"standin: pid {pid} from {args.pidfile} is not running (or is not a stand-in); removed the pidfile")
        _remove(args.pidfile)
        return 0
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _is_standin_process(pid):
        time.sleep(0.1)
    if _is_standin_process(pid):
        os.kill(pid, signal.SIGKILL)
    _remove(args.pidfile)
    print(f"standin: stopped (pid {pid})")
    return 0


def cmd_reset(args):
    try:
        _control(args.host, args.port, "/reset", method="POST", timeout=10)
    except (OSError, ValueError) as error:
        print(f"standin: reset failed, is it running on {args.host}:{args.port}? {error}", file=sys.stderr)
        return 1
    print("standin: reset")
    return 0


def cmd_status(args):
    try:
        status = _control(args.host, args.port, "/status")
    except (OSError, ValueError) as error:
        print(f"standin: not running on {args.host}:{args.port} ({error})", file=sys.stderr)
        return 1
    print(json.dumps(status, indent=2, sort_keys=True))
    return 0


def cmd_serve(args):
    from .server import StandIn, StandInError  # pylint: disable=import-outside-toplevel

    def terminate(_signum, _frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, terminate)
    standin = StandIn(host=args.host, port=args.port, quiet=False)
    try:
        standin.start()
    except StandInError as error:
        print(f"standin: {error}", file=sys.stderr)
        return 1
    print(f"standin: serving on {standin.url} (pid {os.getpid()})", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        standin.stop()
    return 0


def cmd_env(args):
    url = f"http://{args.host}:{args.port}" if args.port else None
    for name, value in environment(url, args.region).items():
        print(f"{name}={value}")
    return 0


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m standin", description="Local AWS stand-in (moto + replication fidelity).")
    commands = parser.add_subparsers(dest="command", required=True)

    def add(name, handler, help_text, port=True):
        sub = commands.add_parser(name, help=help_text)
        if port:
            sub.add_argument("--host", default=DEFAULT_HOST)
            sub.add_argument("--port", type=int, default=DEFAULT_PORT)
        sub.set_defaults(handler=handler)
        return sub

    start = add("start", cmd_start, "start a server in the background; returns once it answers")
    start.add_argument("--pidfile", help="write the server's pid here (stop needs it)")
    start.add_argument("--logfile", help="server output (default: discarded)")
    start.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for the server to answer")
    stop = add("stop", cmd_stop, "stop the server named by --pidfile", port=False)
    stop.add_argument("--pidfile", required=True)
    add("reset", cmd_reset, "wipe all state of a running server")
    add("status", cmd_status, "show whether a server answers, with its config and faults")
    add("serve", cmd_serve, "run a server in the foreground")
    env = add("env", cmd_env, "print NAME=VALUE lines: the dummy credentials and Region, and AWS_ENDPOINT_URL with --port", port=False)
    env.add_argument("--host", default=DEFAULT_HOST)
    env.add_argument("--port", type=int, help="add AWS_ENDPOINT_URL for a stand-in on this port")
    env.add_argument("--region", default=DEFAULT_REGION)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    return args.handler(args)
