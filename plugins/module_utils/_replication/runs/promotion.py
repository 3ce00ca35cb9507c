# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One secret under state promoted: verify whose copy it is, promote it, mark the promotion, never calling the primary's Region.

AWS: StopReplicationToReplica is called in the replica's Region and promotes it to a standalone secret, which is
the point during an outage of the primary's Region. The rules for which secret may be promoted are in
provenance.py. Calls, per secret and listed Region: one DescribeSecret by name; for a promotion one
StopReplicationToReplica and one TagResource (the marker). With verify_sync, one DescribeSecret of the primary in
its Region (a short-timeout peer read: a Region that does not answer is the outage, and the promotion goes on);
with follower Regions, one DescribeSecret by name in each, and the same two writes where a copy still follows the
old primary.
"""

from datetime import datetime
from datetime import timezone

from ..rules import provenance
from ..aws.errors import SecretsManagerReplicationError
from ..rules.failures import classify_error
from ..rules.failures import describe_failure
from ..rules.failures import failures_message
from .secret_run import SecretStop
from .secret_run import stop_for_error
from ..rules.health import current_version_id
from ..aws.secrets import describe_secret
from ..aws.secrets import stop_replication_to_replica
from ..aws.secrets import tag_resource
from ..rules.shaping import DEFAULT_KMS_KEY
from ..rules.shaping import replica_arn
from ..rules.shaping import tags_dict

# Outcome of each Region asked to promote in, as the results and promote.yml's report name it.
OUTCOMES = {
    provenance.REPLICA: "promoted",
    provenance.ALREADY_PROMOTED: "already_promoted",
    provenance.MARKER_MISSING: "already_promoted",
    provenance.UNVERIFIED: "unverified",
}


def utc_now():
    return datetime.now(timezone.utc)


class PromotionOptions:
    """Options of a promotion run (secret_replica's verify_sync and allow_out_of_sync); `now` gives the marker's time."""

    def __init__(self, verify_sync=False, allow_out_of_sync=False, now=utc_now):
        self.verify_sync = verify_sync
        self.allow_out_of_sync = allow_out_of_sync
        self.now = now


class PromotionRun:
    """Same interface as secret_run.SecretRun, for state promoted."""

    # A promotion's writes answer for themselves: batch.py never reads it back or waits for it.
    needs_refresh = False

    # primary_region is unused: a promotion never calls the primary's Region (except the opt-in verify_sync read).
    def __init__(self, entry, primary_region, context):  # pylint: disable=unused-argument
        self.secret_id = entry["secret_id"]
        self.name = provenance.lookup_name(self.secret_id)
        self.regions = sorted({spec["region"] for spec in entry.get("replicas") or []})
        self.follower_regions = sorted(set(entry.get("follower_regions") or []))
        self.context = context
        self.options = context.promotion
        self.copies = {}  # region -> {description, finding, former_primary_arn, primary_reachable, sync_problem, primary_description}
        self.followers = {}  # region -> {description, finding}
        self.promoted_at = {}  # region -> marker time text, for the promotions of this run
        self.actions = []
        self.failures = []
        self.stopped = None

    def start(self):
        try:
            self._start()
        except SecretStop as e:
            self.stopped = e

    # --- reads and checks, before any change ---

    def _start(self):
        for region in self.regions:
            description = self._describe(region)
            finding, former = provenance.promotion_finding(description, self.secret_id, region)
            self.copies[region] = {"description": description, "finding": finding, "former_primary_arn": former,
                                   "primary_reachable": None, "sync_problem": None}
        self._refuse_wrong_copies()
        for region, copy in self.copies.items():
            if copy["finding"] == provenance.UNVERIFIED:
                self.failures.append(describe_failure(
                    region, f"the secret '{self.name}' in {region} ({copy['description']['ARN']}) is standalone and carries no "
                    "promotion marker of this collection", reason="unverified"))
        if self.options.verify_sync:
            self._check_sync()
        self._find_followers()
        planned = self._plan()
        if self.context.check_mode:
            self.actions = planned
            return
        self._apply(planned)

    def _describe(self, region):
        try:
            return describe_secret(self.context.clients.secretsmanager(region), self.name)
        except SecretsManagerReplicationError as e:
            raise stop_for_error(e, region, f"could not describe secret '{self.name}'") from e

    def _refuse_wrong_copies(self):
        """Nothing is promoted for a secret missing from a listed Region, or whose secret there is another secret."""
        failures = []
        for region, copy in sorted(self.copies.items()):
            if copy["finding"] == provenance.MISSING:
                failures.append(describe_failure(
                    region, f"no secret '{self.name}' in {region}: nothing to promote there; check the Region and secret_id, "
                    "or replicate the secret there first", reason="secret_not_found"))
            elif copy["finding"] == provenance.NOT_A_REPLICA:
                failures.append(describe_failure(
                    region, f"the secret '{self.name}' in {region} is {copy['description']['ARN']}, not "
                    f"{replica_arn(self.secret_id, region)} (a copy of {self.secret_id})", reason="not_a_replica"))
        if failures:
            raise SecretStop(f"secret_replica cannot promote secret '{self.secret_id}', nothing was changed: " + failures_message(failures), failures)

    def _check_sync(self):
        """verify_sync: ask each replica's primary whether it is InSync; refuse the secret unless allow_out_of_sync."""
        failures = []
        views = {}  # primary ARN -> its view: the replicas of one primary read it once
        for region, copy in sorted(self.copies.items()):
            if copy["finding"] != provenance.REPLICA:
                continue
            description = copy["description"]
            primary_region = description["PrimaryRegion"]
            primary_arn = replica_arn(description["ARN"], primary_region)
            if primary_arn not in views:
                try:
                    views[primary_arn] = self.context.peers.view(primary_region, primary_arn)
                except SecretsManagerReplicationError as e:
                    raise stop_for_error(e, primary_region, f"could not describe the primary of '{self.name}'") from e
            view = views[primary_arn]
            copy["primary_reachable"] = view["reachable"]
            copy["primary_description"] = view["description"]
            copy["sync_problem"] = provenance.sync_problem(description, view, region)
            if copy["sync_problem"] and not self.options.allow_out_of_sync:
                failures.append(describe_failure(region, f"the replica in {region} is not in sync: {copy['sync_problem']}", reason="not_in_sync"))
        if failures:
            raise SecretStop(f"secret_replica refused to promote secret '{self.secret_id}', nothing was changed: " + failures_message(failures), failures)

    def _old_primary_arn(self):
        """The primary the promoted copy followed (follower Regions are read only when exactly one Region is promoted)."""
        if len(self.copies) != 1:
            return None
        return next(iter(self.copies.values()))["former_primary_arn"]

    def _find_followers(self):
        old_primary_arn = self._old_primary_arn()
        if not self.follower_regions or old_primary_arn is None:
            return
        new_primary_region = self.regions[0]
        for region in self.follower_regions:
            if provenance.follower_finding(None, old_primary_arn, new_primary_region, region) == provenance.OLD_PRIMARY_REGION:
                # Not called; with verify_sync its answer is known already (a planned move keeps its key).
                known = next(iter(self.copies.values())).get("primary_description")
                self.followers[region] = {"description": known, "finding": provenance.OLD_PRIMARY_REGION}
                continue
            view = self._peer_view(region)
            if view is None:
                continue
            finding = provenance.follower_finding(view["description"], old_primary_arn, new_primary_region, region)
            self.followers[region] = {"description": view["description"], "finding": finding}

    def _peer_view(self, region):
        try:
            view = self.context.peers.view(region, self.name)
        except SecretsManagerReplicationError as e:
            self.failures.append(describe_failure(region, f"could not describe '{self.name}' in {region}: {e}", reason=classify_error(e)))
            return None
        if not view["reachable"]:
            self.failures.append(describe_failure(region, f"{region} did not answer DescribeSecret", reason="region_unreachable"))
            return None
        return view

    def _plan(self):
        """promote (StopReplicationToReplica) then mark (TagResource), per Region; marker repairs are a mark alone."""
        planned = []
        for region, copy in sorted(self.copies.items()):
            if copy["finding"] == provenance.REPLICA:
                planned += [{"action": "promote", "region": region}, {"action": "mark", "region": region}]
            elif copy["finding"] == provenance.MARKER_MISSING:
                planned.append({"action": "mark", "region": region})
        for region, follower in sorted(self.followers.items()):
            if follower["finding"] == provenance.FOLLOWS_OLD_PRIMARY:
                planned += [{"action": "promote", "region": region, "follower": True}, {"action": "mark", "region": region, "follower": True}]
        return planned

    # --- apply ---

    def _apply(self, planned):
        failed_regions = set()
        for action in planned:
            region = action["region"]
            if region in failed_regions:
                continue
            if action.get("follower") and any(failure["region"] in self.copies for failure in self.failures):
                # The promotion this follower would be re-protected from did not happen: leave it following its primary.
                continue
            try:
                self._send(action)
            except SecretsManagerReplicationError as e:
                failed_regions.add(region)
                self.failures.append(describe_failure(region, self._failure_text(action, e), reason=classify_error(e)))
                continue
            self.actions.append(action)

    def _send(self, action):
        region = action["region"]
        client = self.context.clients.secretsmanager(region)
        arn = self._copy_arn(region)
        if action["action"] == "promote":
            # The marker's time is taken before the call: a version created after it is after the promotion.
            self.promoted_at[region] = self.options.now()
            stop_replication_to_replica(client, arn)
            return
        former = self._former_primary_arn(region)
        tag_resource(client, arn, provenance.marker_tags(former, self.promoted_at.get(region)))

    def _failure_text(self, action, error):
        region = action["region"]
        if action["action"] == "promote":
            return f"could not promote in {region}: {error}"
        return (f"promoted in {region}, but could not record the promotion marker (TagResource): {error}; "
                "run again with the primary's ARN as secret_id to record it")

    def _copy_arn(self, region):
        if region in self.copies:
            return self.copies[region]["description"]["ARN"]
        return self.followers[region]["description"]["ARN"]

    def _former_primary_arn(self, region):
        if region in self.copies:
            return self.copies[region]["former_primary_arn"]
        return self._old_primary_arn()

    # --- result ---

    def _done(self, region, kind):
        return any(action["region"] == region and action["action"] == kind for action in self.actions)

    def _promoted_entry(self, region, copy):
        description = copy["description"]
        own = provenance.own_replication_entry(description, region) if copy["finding"] == provenance.REPLICA else None
        marker = provenance.promotion_marker(tags_dict(description))
        promoted_at = self.promoted_at.get(region)
        changed = self._done(region, "promote") or self._done(region, "mark")
        outcome = OUTCOMES[copy["finding"]]
        if outcome == "promoted" and not self._done(region, "promote"):
            outcome = "failed"
        return {
            "region": region,
            "arn": description["ARN"],
            "name": description.get("Name"),
            "changed": changed,
            "outcome": outcome,
            "promoted_from": copy["former_primary_arn"],
            "promoted_at": provenance.format_time(promoted_at) if promoted_at else marker["promoted_at"],
            "kms_key_id": description.get("KmsKeyId") or DEFAULT_KMS_KEY,
            "current_version_id": current_version_id(description),
            "replica_status": None if own is None else {"status": own.get("Status"), "status_message": own.get("StatusMessage")},
            "primary_reachable": copy["primary_reachable"],
            "sync_problem": copy["sync_problem"],
        }

    def _follower_entry(self, region, follower):
        description = follower["description"]
        return {
            "region": region,
            "finding": follower["finding"],
            "arn": None if description is None else description["ARN"],
            "kms_key_id": None if description is None else description.get("KmsKeyId") or DEFAULT_KMS_KEY,
            "changed": self._done(region, "promote"),
        }

    def result(self):
        failures = (list(self.stopped.failures) if self.stopped else []) + self.failures
        result = {
            "secret_id": self.secret_id,
            "changed": bool(self.actions),
            "failed": bool(failures),
            "actions": self.actions,
            "promoted": [] if self.stopped else [self._promoted_entry(region, copy) for region, copy in sorted(self.copies.items())],
            "followers": [self._follower_entry(region, follower) for region, follower in sorted(self.followers.items())],
            "failures": failures,
        }
        if failures:
            result["msg"] = self.stopped.msg if self.stopped and not self.failures else failures_message(failures)
        if self.context.diff:
            promoted_regions = {action["region"] for action in self.actions if action["action"] == "promote"}
            views = {region: copy["description"] for region, copy in self.copies.items() if copy["description"]}
            views.update({region: follower["description"] for region, follower in self.followers.items() if follower["description"]})
            result["diff"] = {
                "before": {"replicas": [{"region": region, "primary_region": view.get("PrimaryRegion")} for region, view in sorted(views.items())]},
                "after": {"replicas": [
                    {"region": region, "primary_region": None if region in promoted_regions else view.get("PrimaryRegion")}
                    for region, view in sorted(views.items())
                ]},
            }
        return result
