# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One secret under state promoted: promote its replicas in the listed Regions, never calling the primary's Region.

AWS: StopReplicationToReplica is called in the replica's Region and promotes it to
a standalone secret, which is the point during an outage of the primary's Region.
"""

from . import planning
from .common import SecretsManagerReplicationError
from .failures import classify_error
from .failures import describe_failure
from .failures import failures_message
from .secret_run import SecretStop
from .secret_run import stop
from .secret_run import stop_for_error
from .secrets import describe_secret
from .secrets import stop_replication_to_replica
from .shaping import replica_arn


class PromotionRun:
    """Same interface as secret_run.SecretRun, for state promoted."""

    needs_refresh = False

    # primary_region is unused: a promotion never calls the primary's Region.
    def __init__(self, entry, primary_region, context):  # pylint: disable=unused-argument
        self.secret_id = entry["secret_id"]
        self.regions = sorted({spec["region"] for spec in entry.get("replicas") or []})
        self.context = context
        self.views = {}
        self.actions = []
        self.failures = []
        self.stopped = None

    def _id_in_region(self, region):
        """The secret's id in a replica Region: its name, or its ARN with the Region swapped."""
        if self.secret_id.startswith("arn:"):
            return replica_arn(self.secret_id, region)
        return self.secret_id

    def start(self):
        try:
            self._start()
        except SecretStop as e:
            self.stopped = e

    def _start(self):
        missing = []
        for region in self.regions:
            try:
                description = describe_secret(self.context.clients.secretsmanager(region), self._id_in_region(region))
            except SecretsManagerReplicationError as e:
                raise stop_for_error(e, region, f"could not describe secret '{self._id_in_region(region)}'") from e
            if description is None:
                missing.append(
                    f"no secret '{self._id_in_region(region)}' in '{region}': nothing to promote there; "
                    "check the Region and secret_id, or replicate the secret there first"
                )
            else:
                self.views[region] = description
        if missing:
            message = f"secret_replica cannot promote secret '{self.secret_id}', nothing was changed: " + "; ".join(missing)
            raise stop("secret_not_found", self.regions[0], message)
        planned = planning.plan_promoted(self.views)
        if self.context.check_mode:
            self.actions = planned
            return
        for action in planned:
            region = action["region"]
            try:
                stop_replication_to_replica(self.context.clients.secretsmanager(region), self.views[region]["ARN"])
            except SecretsManagerReplicationError as e:
                self.failures.append(describe_failure(region, f"could not promote in {region}: {e}", reason=classify_error(e)))
                continue
            self.actions.append(action)

    def in_progress(self):
        return False

    def settled_by_writes(self):
        return True

    def result(self):
        failures = (list(self.stopped.failures) if self.stopped else []) + self.failures
        promoted_regions = {action["region"] for action in self.actions}
        promoted = [
            {"region": region, "arn": view.get("ARN"), "name": view.get("Name"), "changed": region in promoted_regions}
            for region, view in sorted(self.views.items())
        ]
        result = {"secret_id": self.secret_id, "changed": bool(self.actions), "failed": bool(failures), "actions": self.actions,
                  "promoted": promoted, "failures": failures}
        if failures:
            result["msg"] = self.stopped.msg if self.stopped and not self.failures else failures_message(failures)
        if self.context.diff:
            result["diff"] = {
                "before": {"replicas": [{"region": region, "primary_region": view.get("PrimaryRegion")} for region, view in sorted(self.views.items())]},
                "after": {
                    "replicas": [
                        {"region": region, "primary_region": None if region in promoted_regions else view.get("PrimaryRegion")}
                        for region, view in sorted(self.views.items())
                    ]
                },
            }
        return result


def promotion_report(results, region):
    """promote.yml's report from secret_replica's batch results (matched by secret id): promoted, already standalone, failed."""
    report = {"region": region, "promoted": [], "already_standalone": [], "failed": []}
    for result in results:
        if result.get("failed"):
            report["failed"].append({"secret_id": result["secret_id"], "message": result.get("msg", "unknown error")})
            continue
        for promoted in result.get("promoted") or []:
            line = {"secret_id": result["secret_id"], "region": promoted["region"], "arn": promoted["arn"]}
            report["promoted" if promoted["changed"] else "already_standalone"].append(line)
    return report
