# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What batch.py relies on of a per-secret run (secret_run.SecretRun for state present or absent, promotion.PromotionRun
for state promoted): the one contract between the batch and the runs.

The batch starts every run on a thread pool, reads back and waits for the runs that wrote something, then asks each
for its result. A run never raises out of start() or refresh(): a failure is recorded in `stopped` or in its result.
"""

from typing import Optional
from typing import Protocol
from typing import runtime_checkable

from ..rules.failures import SecretStop


@runtime_checkable
class PerSecretRun(Protocol):
    """One secret's run in a batch."""

    secret_id: str
    # The Region a failure of the whole secret is reported in (None: a promotion, which names each Region it calls).
    primary_region: Optional[str]
    # Set when nothing more is done for this secret (the batch also sets it when start() raised something unexpected).
    stopped: Optional[SecretStop]

    def start(self) -> None:
        """Describe, plan, check and write (or, in check mode, predict)."""

    @property
    def needs_refresh(self) -> bool:
        """Something was written whose outcome may need reading back."""

    def settled_by_writes(self) -> bool:
        """The writes' own answers already show the final state: nothing to read back or wait for."""

    def refresh(self) -> None:
        """Read the secret's state again (after the writes, and on each round of the wait)."""

    def in_progress(self) -> bool:
        """Something this run started is still on its way (a replica or a link InProgress)."""

    def time_out(self, wait_timeout: int) -> None:
        """The wait ended with in_progress() still true: record it as this secret's failure."""

    def result(self) -> dict:
        """The secret's result, as secret_replica returns it (RV results[])."""
