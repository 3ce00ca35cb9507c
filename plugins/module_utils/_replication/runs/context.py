# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every secret's run in one secret_replica call shares, and which run a secret gets."""

from dataclasses import dataclass
from dataclasses import field
from typing import Any

from ..aws.key_directory import KeyDirectory
from ..aws.peers import PeerReader
from .promotion import PromotionOptions
from .promotion import PromotionRun
from .protocol import PerSecretRun
from .secret_run import SecretRun


@dataclass
class RunContext:
    """Clients, the KMS key directory, the peer reader and the run's options.

    clients: RegionalClients for calls in the primary's Region and writes (paced, full retries);
    peer_clients: RegionalClients for reads in other Regions (clients.client_config(peer=True), paced).
    promotion: the options of state promoted.
    """

    clients: Any
    peer_clients: Any
    state: str = "present"
    check_mode: bool = False
    diff: bool = False
    wait: bool = True
    promotion: PromotionOptions = field(default_factory=PromotionOptions)
    peers: PeerReader = field(init=False)
    keys: KeyDirectory = field(init=False)

    def __post_init__(self):
        # None (the module's default when the state is not promoted) is the default options.
        self.promotion = self.promotion or PromotionOptions()
        self.peers = PeerReader(self.peer_clients)
        self.keys = KeyDirectory(self.peer_clients)

    def new_run(self, entry, primary_region) -> PerSecretRun:
        """The run of one batch entry (inputs.secret_entries), whose primary is in `primary_region`."""
        run_class = PromotionRun if self.state == "promoted" else SecretRun
        return run_class(entry, primary_region, self)
