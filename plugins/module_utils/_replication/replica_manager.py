# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""secret_replica's run: validate -> describe -> plan -> apply -> wait -> report.

Calls AWS only through the wrappers in secrets.py and kms.py; decisions are made
by the pure functions in planning.py and replica_inputs.py.
"""

import time

from . import planning
from .common import SecretsManagerReplicationError
from .common import is_unreachable_error
from .failures import describe_failure
from .failures import failures_message
from .kms import describe_key
from .replica_inputs import input_problems
from .secrets import describe_secret
from .secrets import remove_regions_from_replication
from .secrets import replicate_secret_to_regions
from .secrets import stop_replication_to_replica
from .secrets import update_replica_kms_key
from .shaping import replica_arn
from .shaping import replication_status

# DescribeSecret is cheap (quota 40,000/s); a new replica usually syncs in seconds.
POLL_INTERVAL_SECONDS = 1


class ReplicaRunError(Exception):
    """The run must fail: `msg` for the user, `result` the return values known so far."""

    def __init__(self, msg, **result):
        super().__init__(msg)
        self.msg = msg
        self.result = result


def _problems_text(problems):
    if len(problems) == 1:
        return problems[0]
    return f"{len(problems)} problems: " + " ".join(f"({number}) {problem};" for number, problem in enumerate(problems, 1)).rstrip(";")


def _secret_view(description, region_called, entries):
    return {
        "arn": description.get("ARN"),
        "name": description.get("Name"),
        "primary_region": description.get("PrimaryRegion") or region_called,
        "replication_status": entries,
    }


class ReplicaManager:
    def __init__(self, params, region_option, clients, check_mode=False, diff=False, sleep=time.sleep, clock=time.monotonic):
        self.params = params
        self.region_option = region_option
        self.clients = clients
        self.check_mode = check_mode
        self.diff = diff
        self.sleep = sleep
        self.clock = clock
        self.poll_interval = POLL_INTERVAL_SECONDS
        self.secret_id = params["secret_id"]
        self.desired = [{"region": spec.get("region"), "kms_key_id": spec.get("kms_key_id")} for spec in params.get("replicas") or []]
        self.primary_region = None
        # Replica Regions that did not answer a call made there: {region: error text}.
        # Their actions are skipped and reported as failures; the other Regions go on.
        self.unreachable = {}

    def run(self):
        self.primary_region, problems = input_problems(self.params, self.region_option)
        if problems:
            raise ReplicaRunError(
                f"secret_replica refused the input for secret '{self.secret_id}', nothing was changed: " + _problems_text(problems),
                changed=False,
                actions=[],
            )
        if self.params.get("state") == "promoted":
            return self._run_promoted()
        return self._run_on_primary()

    # --- present / absent: everything goes through the primary's Region ---

    def _describe_primary(self):
        return describe_secret(self.clients.secretsmanager(self.primary_region), self.secret_id)

    def _run_on_primary(self):
        state = self.params.get("state") or "present"
        description = self._describe_primary()
        if description is None:
            if state == "absent":
                return {"changed": False, "actions": []}
            raise ReplicaRunError(
                f"secret '{self.secret_id}' does not exist in '{self.primary_region}': create the primary secret first, "
                "or check secret_id and region (the primary's Region)",
                changed=False,
                actions=[],
            )
        reported_primary = description.get("PrimaryRegion")
        if reported_primary and reported_primary != self.primary_region:
            raise ReplicaRunError(
                f"secret '{self.secret_id}' in '{self.primary_region}' is a replica; its primary is in '{reported_primary}': "
                f"run against the primary (set region to '{reported_primary}', or give the primary's ARN as secret_id)",
                changed=False,
                actions=[],
            )

        entries = replication_status(description)
        current = planning.current_replicas(entries)
        if state == "absent":
            actions = planning.plan_absent(current, self.desired)
        else:
            keys_match = self._key_matcher(current)
            actions = planning.plan_present(
                current, self.desired, purge=self.params.get("purge_replicas"), overwrite=self.params.get("overwrite"), keys_match=keys_match
            )

        result = {"changed": bool(actions), "actions": actions}
        if not actions:
            result["secret"] = _secret_view(description, self.primary_region, entries)
            self._with_diff(result, current, current)
            self._raise_on_failed([], entries, result)
            return result

        if self.check_mode:
            new_status = planning.IN_SYNC if self.params.get("wait") else planning.IN_PROGRESS
            predicted = planning.predicted_replication_status(entries, actions, description.get("ARN"), new_status=new_status)
            result["secret"] = _secret_view(description, self.primary_region, predicted)
            self._with_diff(result, current, planning.current_replicas(predicted))
            self._raise_on_failed([], entries, result)
            return result

        done = self._apply(description["ARN"], actions)
        result.update(changed=bool(done), actions=done)
        final = self._wait(done, result)
        final_entries = replication_status(final)
        result["secret"] = _secret_view(final, self.primary_region, final_entries)
        self._with_diff(result, current, planning.current_replicas(final_entries))
        self._raise_on_failed(done, final_entries, result)
        return result

    def _key_matcher(self, current):
        """keys_match for plan_present: DescribeKey only where key strings differ.

        Fails before any change when a wanted key does not exist in its Region.
        """
        resolved = {}

        def resolve(region, key):
            if (region, key) not in resolved:
                metadata = self._call_in_replica_region(region, describe_key, self.clients.kms(region), key)
                resolved[(region, key)] = metadata.get("Arn") if metadata else None
            return resolved[(region, key)]

        matches = set()
        missing = []
        for region, wanted, reported in planning.key_comparisons(current, self.desired):
            wanted_arn = resolve(region, wanted)
            if region in self.unreachable:
                # Keys can't be compared now: leave the replica as it is; reported as a failure.
                matches.add((region, wanted, reported))
                continue
            if wanted_arn is None:
                missing.append(
                    f"KMS key '{wanted}' wanted for the replica in '{region}' does not exist there: "
                    f"create it in '{region}' or give a key that exists in '{region}'"
                )
                continue
            if planning.same_key(wanted, reported, lambda key, region=region: resolve(region, key)):
                matches.add((region, wanted, reported))
        if missing:
            raise ReplicaRunError(
                f"secret_replica refused the input for secret '{self.secret_id}', nothing was changed: " + _problems_text(missing),
                changed=False,
                actions=[],
            )
        return lambda region, wanted, reported: wanted == reported or (region, wanted, reported) in matches

    def _call_in_replica_region(self, region, call, *args):
        """call(*args) made in a replica Region; None (and the Region noted) when that Region does not answer."""
        try:
            return call(*args)
        except SecretsManagerReplicationError as e:
            if not is_unreachable_error(e.exception):
                raise
            self.unreachable[region] = str(e)
            return None

    def _apply(self, primary_arn, actions):
        """Run the actions; returns those that were done (a re-key in an unreachable Region is not)."""
        client = self.clients.secretsmanager(self.primary_region)
        # RemoveRegionsFromReplication also clears Failed replicas before they are retried:
        # a Region that is listed must not be replicated again (it would be listed twice).
        removals = [action["region"] for action in actions if action["action"] in ("remove", "retry")]
        if removals:
            remove_regions_from_replication(client, primary_arn, removals)
        additions = [action for action in actions if action["action"] in ("retry", "add")]
        if additions:
            replicate_secret_to_regions(
                client,
                primary_arn,
                [_replica_region_spec(action) for action in additions],
                force_overwrite=bool(self.params.get("overwrite")),
            )
        for action in actions:
            if action["action"] == "rekey":
                region = action["region"]
                self._call_in_replica_region(
                    region, update_replica_kms_key, self.clients.secretsmanager(region), replica_arn(primary_arn, region), action["kms_key_id"]
                )
        return [action for action in actions if not (action["action"] == "rekey" and action["region"] in self.unreachable)]

    def _wait(self, actions, result):
        """The primary's DescribeSecret once no touched replica is InProgress (or at once without wait)."""
        touched = planning.touched_regions(actions)
        deadline = self.clock() + (self.params.get("wait_timeout") or 0)
        while True:
            final = self._describe_primary()
            if final is None:
                raise ReplicaRunError(f"secret '{self.secret_id}' disappeared from '{self.primary_region}' during the run", **result)
            pending = [
                entry["region"] for entry in replication_status(final) if entry["region"] in touched and entry["status"] == planning.IN_PROGRESS
            ]
            if not pending or not self.params.get("wait"):
                return final
            if self.clock() >= deadline:
                result["secret"] = _secret_view(final, self.primary_region, replication_status(final))
                raise ReplicaRunError(
                    f"replicas of secret '{self.secret_id}' still InProgress after {self.params.get('wait_timeout')} s in: "
                    + ", ".join(pending)
                    + ": run again later (it will wait for them), or raise wait_timeout",
                    **result,
                )
            self.sleep(self.poll_interval)

    def _raise_on_failed(self, actions, entries, result):
        touched = set(planning.touched_regions(actions))
        failures = [
            describe_failure(entry["region"], entry.get("status_message"))
            for entry in entries
            if entry["region"] in touched and entry["status"] == planning.FAILED
        ]
        failures += [describe_failure(region, error, reason="region_unreachable") for region, error in sorted(self.unreachable.items())]
        if failures:
            result["failures"] = failures
            raise ReplicaRunError(failures_message(failures), **result)

    def _with_diff(self, result, before, after):
        if self.diff:
            result["diff"] = {"before": {"replicas": planning.replica_set(before)}, "after": {"replicas": planning.replica_set(after)}}
        return result

    # --- promoted: only the replica Regions are called ---

    def _id_in_region(self, region):
        """The secret's id in a replica Region: its name, or its ARN with the Region swapped."""
        if self.secret_id.startswith("arn:"):
            return replica_arn(self.secret_id, region)
        return self.secret_id

    def _run_promoted(self):
        regions = sorted({spec["region"] for spec in self.desired})
        views = {}
        missing = []
        for region in regions:
            description = describe_secret(self.clients.secretsmanager(region), self._id_in_region(region))
            if description is None:
                missing.append(
                    f"no secret '{self._id_in_region(region)}' in '{region}': nothing to promote there; "
                    "check the Region and secret_id, or replicate the secret there first"
                )
            else:
                views[region] = description
        if missing:
            raise ReplicaRunError(
                f"secret_replica cannot promote secret '{self.secret_id}', nothing was changed: " + _problems_text(missing),
                changed=False,
                actions=[],
            )

        actions = planning.plan_promoted(views)
        to_promote = {action["region"] for action in actions}
        if not self.check_mode:
            for region in sorted(to_promote):
                stop_replication_to_replica(self.clients.secretsmanager(region), views[region]["ARN"])

        promoted = [
            {"region": region, "arn": views[region].get("ARN"), "name": views[region].get("Name"), "changed": region in to_promote}
            for region in regions
        ]
        result = {"changed": bool(actions), "actions": actions, "promoted": promoted}
        if self.diff:
            result["diff"] = {
                "before": {"replicas": [{"region": region, "primary_region": views[region].get("PrimaryRegion")} for region in regions]},
                "after": {
                    "replicas": [
                        {"region": region, "primary_region": None if region in to_promote else views[region].get("PrimaryRegion")} for region in regions
                    ]
                },
            }
        return result


def _replica_region_spec(action):
    spec = {"Region": action["region"]}
    if action.get("kms_key_id"):
        spec["KmsKeyId"] = action["kms_key_id"]
    return spec
