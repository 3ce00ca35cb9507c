# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ansible-rulebook event filter secretsmanager.replication.replication_guard (see DOCUMENTATION).

A thin adapter: every decision is in plugins/plugin_utils/_replication/guard/, unit-tested there. ansible-rulebook loads
this file by path (runpy), so the collection's own Python is imported from the collections directory it lives in.
"""

import sys
from pathlib import Path

DOCUMENTATION = r"""
---
short_description: Turn Secrets Manager EventBridge events into the replication guard's runs
description:
  - The event filter of the rulebook C(secretsmanager.replication.replication_guard); it takes no options.
  - An event from C(eda.builtin.webhook) (the EventBridge event under C(payload)) or from C(ansible.eda.aws_sqs_queue)
    (under C(body), JSON text or parsed) that is a Secrets Manager CloudTrail event (C(source) C(aws.secretsmanager),
    C(detail-type) C(AWS API Call via CloudTrail)) is mapped to its unit, the account and C(detail.awsRegion).
  - C(CreateSecret), C(TagResource), C(UntagResource), C(RemoveRegionsFromReplication), C(ReplicateSecretToRegions) and
    C(UpdateSecret) ask for a converge run of the unit; the filter lets at most one run start per unit per
    C(replication_guard_window) seconds and emits C({replication_guard: {action: converge, run: <replicate.yml variables>}}).
  - C(StopReplicationToReplica) and C(DeleteSecret) are emitted as C({replication_guard: {action: log_only}}): logged,
    never acted on.
  - Anything else (another source, a body that is not JSON, a missing field, a failed call, a Region outside the Region
    policy) is dropped with one log line.
  - The guard's variables reach it through the rulebook's clock source (C(eda.builtin.generic)), whose events it turns
    into the runs whose window has passed; a variable it cannot use stops the rulebook with a message naming it.
"""

EXAMPLES = r"""
sources:
  - ansible.eda.aws_sqs_queue:
      region: us-east-1
      name: secretsmanager-events
    filters:
      - secretsmanager.replication.replication_guard:
"""

# <collections dir>/ansible_collections/secretsmanager/replication/extensions/eda/plugins/event_filter/this file
_COLLECTIONS_DIR = str(Path(__file__).resolve().parents[7])
if _COLLECTIONS_DIR not in sys.path:
    sys.path.insert(0, _COLLECTIONS_DIR)

# pylint: disable-next=wrong-import-position
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.runtime import shared_guard  # noqa: E402


def main(event):
    """The events for the rules that `event` gives (a list; empty drops it)."""
    return shared_guard().handle(event)
