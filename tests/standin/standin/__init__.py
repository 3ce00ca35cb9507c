# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Local AWS stand-in: moto 5.2.5 server mode plus Secrets Manager replication fidelity, faults and a request log.

Names are imported lazily so that `python -m standin stop|reset|status` does not load moto.
"""

# The one definition of the stand-in's account, dummy credentials and default Region. Other tools take them from
# here: Python imports them, make and shells run `python -m standin env`.
ACCOUNT_ID = "123456789012"  # moto's default account
ACCESS_KEY = "standinaccesskey"  # longer than one character: Ansible masks secret values in output
SECRET_KEY = "standinsecretkey"
DEFAULT_REGION = "us-east-1"

_LAZY = {"StandIn": "server", "StandInConfigError": "state", "StandInProcess": "process", "RemoteStandIn": "process"}


class StandInError(RuntimeError):
    """A stand-in could not be started, reached or used."""


def __getattr__(name):
    if name in _LAZY:
        import importlib  # pylint: disable=import-outside-toplevel

        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
