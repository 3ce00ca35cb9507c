# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One secret under state present or absent: describe -> plan -> check -> apply, then (batch.py) wait -> result.

Calls AWS only through the wrappers in secrets.py, kms.py (via key_directory) and
peers.py; decisions are made by the pure functions in planning.py. A failure of
this secret is recorded in its result and never raised, so the other secrets of
a batch go on.
"""

from ..rules import cross_account
from ..rules import planning
from ..rules.actions import DISASSOCIATE
from ..rules.actions import REKEY
from ..rules.actions import REMOVE
from ..rules.actions import RETRY
from ..aws.errors import SecretsManagerReplicationError
from ..aws.errors import is_unreachable_error
from ..rules.failures import classify_cross_account_error
from ..rules.failures import classify_error
from ..rules.failures import classify_status_message
from ..rules.failures import describe_failure
from ..rules.failures import SecretStop
from ..rules.failures import failures_message
from ..rules.failures import refusal
from ..rules.failures import stop
from ..rules.failures import stop_for_error
from ..aws.key_directory import AWS_MANAGED_KEY_REFERENCES
from ..aws.key_directory import key_problem
from ..aws.secrets import associate_cross_account_replica
from ..aws.secrets import describe_secret
from ..aws.secrets import disassociate_cross_account_replica
from ..aws.secrets import remove_regions_from_replication
from ..aws.secrets import replicate_secret_to_regions
from ..aws.secrets import update_replica_kms_key
from ..rules.shaping import replica_arn
from ..rules.shaping import replication_status


def secret_view(description, region_called, entries, links=()):
    return {
        "arn": description.get("ARN"),
        "name": description.get("Name"),
        "primary_region": description.get("PrimaryRegion") or region_called,
        "replication_status": entries,
        "cross_account_replicas": list(links),
    }


class SecretRun:
    """The run of one secret (a batch entry) under state present or absent; a protocol.PerSecretRun.

    context: context.RunContext (clients, peers, keys, check_mode, diff, wait, state).
    """

    def __init__(self, entry, primary_region, context):
        self.entry = entry
        self.secret_id = entry["secret_id"]
        self.primary_region = primary_region
        self.context = context
        self.desired = [{"region": spec.get("region"), "kms_key_id": spec.get("kms_key_id")} for spec in entry.get("replicas") or []]
        self.overwrite = bool(entry.get("overwrite"))
        self.description = None  # the primary's DescribeSecret at the start
        self.entries = None  # its replication status now (or predicted, in check mode)
        self.before = {}
        self.actions = []
        self.failures = []  # per-Region failures; the other Regions went on
        self.stopped = None  # a SecretStop: nothing more was done for this secret
        self.link = cross_account.replica_link(entry.get("cross_account_replica"))  # the wanted cross-account replica
        self.links_before = []  # the primary's cross-account replicas at the start
        self.links = []  # ... now (or predicted, in check mode)
        self.link_action = None  # the cross-account action predicted (check mode) or sent

    # --- start: everything up to and including the writes ---

    def start(self):
        """Describe, plan, check and apply. Never raises: a failure stops this secret only."""
        try:
            self._start()
        except SecretStop as e:
            self.stopped = e
        except SecretsManagerReplicationError as e:
            self.stopped = stop_for_error(e, self.primary_region, f"failed to replicate secret '{self.secret_id}'")

    def _start(self):
        description = self._describe_primary()
        if description is None:
            if self.context.state == "absent":
                return
            raise stop(
                "secret_not_found",
                self.primary_region,
                f"secret '{self.secret_id}' does not exist in '{self.primary_region}': create the primary secret first, "
                "or check secret_id and region (the primary's Region)",
            )
        reported_primary = description.get("PrimaryRegion")
        if reported_primary and reported_primary != self.primary_region:
            raise stop(
                "not_a_primary",
                self.primary_region,
                f"secret '{self.secret_id}' in '{self.primary_region}' is a replica; its primary is in '{reported_primary}': "
                f"run against the primary (set region to '{reported_primary}', or give the primary's ARN as secret_id)",
            )
        self.description = description
        self.entries = replication_status(description)
        self.before = planning.current_replicas(self.entries)
        self.links_before = self.links = cross_account.links_of(description)
        # Planned first, kept in link_action only once predicted or sent: a secret refused or stopped later reports none.
        link_plan = self._plan_link()
        if self.context.state == "absent":
            actions = planning.plan_absent(self.before, self.desired)
        else:
            actions = planning.plan_present(
                self.before, self.desired, purge=self.entry.get("purge_replicas"), overwrite=self.overwrite, keys_match=self._key_matcher()
            )
            self._refuse_unusable_keys(actions)
            actions = self._without_name_conflicts(actions)
        self.actions = actions
        if not actions and not link_plan:
            return
        if self.context.check_mode:
            new_status = planning.IN_SYNC if self.context.wait else planning.IN_PROGRESS
            self.entries = planning.predicted_replication_status(self.entries, actions, description.get("ARN"), new_status=new_status)
            self.links = cross_account.predicted_links(self.links, link_plan, new_status=new_status)
            self.link_action = link_plan
            return
        if actions:
            self._apply(description["ARN"], actions)
        self._apply_link(description["ARN"], link_plan)

    def _describe_primary(self):
        try:
            return describe_secret(self.context.clients.secretsmanager(self.primary_region), self.secret_id)
        except SecretsManagerReplicationError as e:
            raise stop_for_error(e, self.primary_region, f"could not describe secret '{self.secret_id}'") from e

    # --- the cross-account replica, planned right after the describe, before any other call ---

    def _plan_link(self):
        if self.link is None:
            return None
        problems = cross_account.own_account_problems(self.link["arn"], cross_account.account_of(self.description.get("ARN")))
        if problems:
            raise refusal(self.secret_id, "refused", [(self.primary_region, problem) for problem in problems])
        action, refused = cross_account.plan_link(self.links, self.link, self.context.state, self.primary_region)
        if refused:
            raise refusal(self.secret_id, "cross_account_replica_exists", [(self.primary_region, refused)])
        return action

    def _apply_link(self, primary_arn, action):
        """Send the cross-account action; a failure is this secret's, and the Regional changes already made stand."""
        if action is None:
            return
        client = self.context.clients.secretsmanager(self.primary_region)
        replica = action["cross_account_replica_arn"]
        try:
            if action["action"] == DISASSOCIATE:
                disassociate_cross_account_replica(client, primary_arn, replica)
            else:
                restriction = cross_account.RESTRICTIONS[action["restriction"]]
                associate_cross_account_replica(client, primary_arn, replica, restriction, action.get("replication_role_arn"))
        except SecretsManagerReplicationError as e:
            message = f"could not {action['action']} cross-account replica {replica} in {self.primary_region}: {e}"
            self.failures.append(describe_failure(self.primary_region, message, reason=classify_cross_account_error(e)))
            return
        self.link_action = action

    def _link_failures(self):
        """The link this run (re)associated, if it ended Failed, classified from AWS's status message."""
        action = self.link_action
        if self.context.check_mode or action is None or action["action"] not in cross_account.LINKING_ACTIONS:
            return []
        entry = cross_account.link_of(self.links, action["cross_account_replica_arn"])
        if entry is None or entry["status"] != cross_account.FAILED:
            return []
        message = f"cross-account replica {entry['arn']}: {entry['status_message']}"
        return [describe_failure(self.primary_region, message, reason=classify_status_message(entry["status_message"]))]

    # --- checks in the replica Regions, before any change ---

    def _in_replica_region(self, region, call, *args):
        """call(*args) made in a replica Region; None (and the Region reported) when that Region does not answer."""
        try:
            return call(*args)
        except SecretsManagerReplicationError as e:
            if not is_unreachable_error(e):
                raise
            self._region_failure(region, str(e), "region_unreachable")
            return None

    def _region_failure(self, region, message, reason=None):
        if all(failure["region"] != region for failure in self.failures):
            self.failures.append(describe_failure(region, message, reason=reason))

    def _unreachable(self, region):
        return any(failure["region"] == region and failure["reason"] == "region_unreachable" for failure in self.failures)

    def _key_matcher(self):
        """keys_match for plan_present: DescribeKey only where the listed and reported key strings differ.

        Refuses the secret before any change when a wanted key does not exist in its Region.
        """
        keys = self.context.keys
        matches = set()
        missing = []
        for region, wanted, reported in planning.key_comparisons(self.before, self.desired):
            self._in_replica_region(region, keys.metadata, region, wanted)
            if self._unreachable(region):
                # Keys can't be compared now: leave the replica as it is; reported as a failure.
                matches.add((region, wanted, reported))
                continue
            if keys.arn(region, wanted) is None:
                missing.append((region, key_problem(region, wanted, None)))
                continue
            if planning.same_key(wanted, reported, lambda key, region=region: self._in_replica_region(region, keys.arn, region, key)):
                matches.add((region, wanted, reported))
        if missing:
            raise refusal(self.secret_id, "kms_key_unusable", missing)
        return lambda region, wanted, reported: wanted == reported or (region, wanted, reported) in matches

    def _refuse_unusable_keys(self, actions):
        """AWS user guide: replication to a KMS key that is disabled or not found ends Failed. Refuse it before any change.

        One DescribeKey per distinct (Region, key) for the whole run, only for replicas about to be (re)built.
        """
        problems = []
        for action in actions:
            region, key = action["region"], action.get("kms_key_id")
            if action["action"] not in planning.REPLICATING_TO_REGION or key is None or key in AWS_MANAGED_KEY_REFERENCES:
                continue
            metadata = self._in_replica_region(region, self.context.keys.metadata, region, key)
            problem = None if self._unreachable(region) else key_problem(region, key, metadata)
            if problem:
                problems.append((region, problem))
        if problems:
            raise refusal(self.secret_id, "kms_key_unusable", problems)

    def _without_name_conflicts(self, actions):
        """Look in each Region about to get a replica for a secret of the same name; drop the adds that would fail.

        One DescribeSecret by name per such Region. A conflict (a different secret, without overwrite) is reported
        as name_conflict and nothing is sent for that Region, so no Failed replica is left behind. When the look is
        denied, the add is sent and AWS decides.
        """
        kept = []
        for action in actions:
            if action["action"] in planning.REPLICATING_TO_REGION and not self._clear_to_add(action):
                continue
            kept.append(action)
        return kept

    def _clear_to_add(self, action):
        region = action["region"]
        if self._unreachable(region):
            return False
        try:
            view = self.context.peers.view(region, self.description["Name"])
        except SecretsManagerReplicationError as e:
            if classify_error(e) == "access_denied":
                return True
            raise
        if not view.reachable:
            self._region_failure(region, f"{region} did not answer DescribeSecret", "region_unreachable")
            return False
        finding = planning.same_name_finding(view.description, self.description["ARN"], region)
        if planning.already_replicated(finding, action["action"]):
            return False
        conflict = planning.name_conflict(finding, self.overwrite)
        if conflict:
            self._region_failure(region, conflict.format(region=region), "name_conflict")
            return False
        return True

    # --- apply ---

    def _apply(self, primary_arn, actions):
        """Run the actions; self.actions keeps those that were sent (a re-key in an unreachable Region is not)."""
        client = self.context.clients.secretsmanager(self.primary_region)
        done = []
        try:
            # RemoveRegionsFromReplication also clears Failed replicas before they are retried:
            # a Region that is listed must not be replicated again (it would be listed twice).
            removals = [action for action in actions if action["action"] in (REMOVE, RETRY)]
            if removals:
                self._observe_status(remove_regions_from_replication(client, primary_arn, [action["region"] for action in removals]))
                done.extend(removals)
            additions = [action for action in actions if action["action"] in planning.REPLICATING_TO_REGION]
            if additions:
                specs = [_replica_region_spec(action) for action in additions]
                self._observe_status(replicate_secret_to_regions(client, primary_arn, specs, force_overwrite=self.overwrite))
                done.extend(action for action in additions if action not in done)
            for action in actions:
                if action["action"] == REKEY:
                    region = action["region"]
                    client_there = self.context.clients.secretsmanager(region)
                    if self._in_replica_region(region, update_replica_kms_key, client_there, replica_arn(primary_arn, region), action["kms_key_id"]):
                        done.append(action)
        finally:
            self.actions = planning.sort_actions(done)

    def _observe_status(self, response):
        status = (response or {}).get("ReplicationStatus")
        self.entries = replication_status({"ARN": self.description["ARN"], "ReplicationStatus": status}) if status is not None else None

    @property
    def needs_refresh(self):
        """Something was written, so the primary's status is read again unless settled_by_writes().

        Outside check mode, actions and link_action hold only what was sent.
        """
        return not self.context.check_mode and bool(self.actions or self.link_action)

    def settled_by_writes(self):
        """True when the last write's answer already shows the final state: nothing to re-read or wait for."""
        # The write responses carry the replication status; a re-key shows only in a new describe.
        rekeyed = any(action["action"] == REKEY for action in self.actions)
        # A cross-account write answers with a status but no message: read the link back.
        return self.entries is not None and not rekeyed and self.link_action is None and not self.in_progress()

    # --- wait: batch.py calls these for every secret with something to wait for ---

    def _regions_in_progress(self):
        """The Regions this run (re)built whose replica is still InProgress."""
        touched = set(planning.touched_regions(self.actions))
        return [entry["region"] for entry in self.entries or [] if entry["region"] in touched and entry["status"] == planning.IN_PROGRESS]

    def in_progress(self):
        return bool(self._regions_in_progress()) or cross_account.waiting(self.links, self.link_action)

    def refresh(self):
        """Read the primary's replication status again (after apply, or while waiting)."""
        if self.stopped:
            return
        try:
            final = self._describe_primary()
        except SecretStop as e:
            self.stopped = e
            return
        if final is None:
            self.stopped = stop("secret_not_found", self.primary_region, f"secret '{self.secret_id}' disappeared from '{self.primary_region}' during the run")
            return
        self.entries = replication_status(final)
        self.links = cross_account.links_of(final)

    def time_out(self, wait_timeout):
        for region in self._regions_in_progress():
            self._region_failure(region, f"still InProgress after {wait_timeout} s", "wait_timeout")
        if cross_account.waiting(self.links, self.link_action):
            entry = cross_account.link_of(self.links, self.link_action["cross_account_replica_arn"])
            message = f"cross-account replica {entry['arn']} still {entry['status']} after {wait_timeout} s"
            self.failures.append(describe_failure(self.primary_region, message, reason="wait_timeout"))

    # --- result ---

    def all_failures(self):
        """The failure that stopped this secret, those of single Regions, then the touched replicas that ended Failed."""
        failures = (list(self.stopped.failures) if self.stopped else []) + list(self.failures)
        touched = set() if self.context.check_mode else set(planning.touched_regions(self.actions))
        for region in planning.listed_twice(self.entries or []):
            if region in touched:
                failures.append(describe_failure(region, f"{region} is listed twice in the primary's replication status", reason="concurrent_change"))
        for entry in self.entries or []:
            if entry["region"] in touched and entry["status"] == planning.FAILED and all(f["region"] != entry["region"] for f in failures):
                failures.append(describe_failure(entry["region"], entry.get("status_message")))
        return failures + self._link_failures()

    def result(self):
        failures = self.all_failures()
        actions = self.actions + ([self.link_action] if self.link_action else [])
        result = {"secret_id": self.secret_id, "changed": bool(actions), "failed": bool(failures), "actions": actions, "failures": failures}
        if self.description is not None and self.entries is not None:
            result["secret"] = secret_view(self.description, self.primary_region, self.entries, self.links)
        if failures:
            result["msg"] = self.stopped.msg if self.stopped and not self.failures else failures_message(failures)
        if self.context.diff and self.description is not None:
            after = planning.current_replicas(self.entries or [])
            result["diff"] = {"before": {"replicas": planning.replica_set(self.before)}, "after": {"replicas": planning.replica_set(after)}}
            if self.link is not None:
                result["diff"]["before"]["cross_account_replicas"] = cross_account.link_diff(self.links_before)
                result["diff"]["after"]["cross_account_replicas"] = cross_account.link_diff(self.links)
        return result


def _replica_region_spec(action):
    spec = {"Region": action["region"]}
    if action.get("kms_key_id"):
        spec["KmsKeyId"] = action["kms_key_id"]
    return spec
