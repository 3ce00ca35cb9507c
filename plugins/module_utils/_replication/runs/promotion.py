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

Two runs may promote the same secrets at once (two operators, or a job run again while the first still runs). AWS
then refuses the later StopReplicationToReplica: the secret is no longer a replica. The copy is described once more
and counts as promoted by another run only when it is the very secret this run found (same ARN), now standalone;
its marker is recorded when that run did not get to it (TagResource, without a time, as for any marker repair).
"""

import time
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from datetime import timezone
from typing import Callable
from typing import Dict
from typing import Optional

from ..rules import provenance
from ..aws.errors import SecretsManagerReplicationError
from ..rules.actions import MARK
from ..rules.actions import PROMOTE
from ..rules.failures import SecretStop
from ..rules.failures import classify_error
from ..rules.failures import describe_failure
from ..rules.failures import failures_message
from ..rules.failures import refused_as_not_a_replica
from ..rules.failures import stop_for_error
from ..rules.health import current_version_id
from ..rules.health import is_replica
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
# What a copy described again shows when another run promoted it: marked, or not yet (that run stopped, or has not
# got to it yet).
PROMOTED_ELSEWHERE = (provenance.ALREADY_PROMOTED, provenance.MARKER_MISSING)
# ... and a follower: a standalone copy, or already the new primary's replica (that run re-protected it too).
FOLLOWER_PROMOTED_ELSEWHERE = (provenance.STANDALONE_COPY, provenance.FOLLOWS_NEW_PRIMARY)
# Another run marks its promotion one paced TagResource after its StopReplicationToReplica (a fraction of a second at
# the usual pace): a standalone secret found by name without the marker is described once more after this long.
MARKER_GRACE_SECONDS = 2


def utc_now():
    return datetime.now(timezone.utc)


@dataclass
class PromotionOptions:
    """Options of a promotion run (secret_replica's verify_sync and allow_out_of_sync); `now` gives the marker's time,
    `sleep` waits MARKER_GRACE_SECONDS."""

    verify_sync: bool = False
    allow_out_of_sync: bool = False
    now: Callable[[], datetime] = utc_now
    sleep: Callable[[float], None] = time.sleep


@dataclass
class PromotionCopy:
    """The secret found in a Region asked to promote in, and what this run learnt and did there."""

    description: Optional[dict]  # DescribeSecret by name there, at the start (None: no such secret)
    finding: str  # provenance.promotion_finding; a replica another run promoted meanwhile becomes what it shows now
    former_primary_arn: Optional[str]
    primary_reachable: Optional[bool] = None  # verify_sync: whether the primary's Region answered
    primary_description: Optional[dict] = None  # verify_sync: the primary, as its Region described it
    sync_problem: Optional[str] = None
    promoted_at: Optional[datetime] = None  # the marker's time, taken just before this run's StopReplicationToReplica
    promoted_by_another_run: bool = False
    marker: dict = field(init=False)  # provenance.promotion_marker of the latest describe

    def __post_init__(self):
        self.marker = provenance.promotion_marker(tags_dict(self.description or {}))

    @property
    def needs_marker(self):
        return self.finding != provenance.ALREADY_PROMOTED

    def found_promoted(self, description, finding):
        """Another run promoted it since it was described: `description` is the copy described again, `finding` its finding."""
        self.finding = finding
        self.promoted_by_another_run = True
        self.promoted_at = None
        self.sync_problem = None  # what its primary said concerns a promotion this run did not make
        self.marker = provenance.promotion_marker(tags_dict(description))


@dataclass
class FollowerCopy:
    """What a follower Region holds of the old primary's secret, and what this run did there."""

    description: Optional[dict]  # DescribeSecret by name there (the old primary's own Region: known, or None)
    finding: str  # provenance.follower_finding
    promoted_at: Optional[datetime] = None
    promoted_by_another_run: bool = False
    needs_marker: bool = True

    def found_promoted(self, description, region):
        """Another run promoted it since it was described: `description` is the copy described again.

        A replica again (that run already replicated the new primary there) takes no tag.
        """
        self.promoted_by_another_run = True
        self.promoted_at = None
        self.needs_marker = not is_replica(description, region) and not provenance.marked_as_copy(description, region)


class PromotionRun:
    """The run of one secret (a batch entry) under state promoted; a protocol.PerSecretRun.

    context: context.RunContext (clients, peers, check_mode, diff, promotion: PromotionOptions).
    """

    # A promotion's writes answer for themselves: batch.py never reads it back or waits for it.
    needs_refresh = False

    # primary_region is unused: a promotion never calls the primary's Region (except the opt-in verify_sync read).
    def __init__(self, entry, primary_region, context):  # pylint: disable=unused-argument
        self.secret_id = entry["secret_id"]
        # A secret-wide failure names no Region: each failure names the Region it happened in.
        self.primary_region = None
        self.name = provenance.lookup_name(self.secret_id)
        self.regions = sorted({spec["region"] for spec in entry.get("replicas") or []})
        self.follower_regions = sorted(set(entry.get("follower_regions") or []))
        self.context = context
        self.options = context.promotion
        self.copies: Dict[str, PromotionCopy] = {}
        self.followers: Dict[str, FollowerCopy] = {}
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
            self.copies[region] = PromotionCopy(description, finding, former)
        self._refuse_wrong_copies()
        self._recheck_unverified()
        for region, copy in self.copies.items():
            if copy.finding == provenance.UNVERIFIED:
                self.failures.append(describe_failure(
                    region, f"the secret '{self.name}' in {region} ({copy.description['ARN']}) is standalone and carries no "
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
            if copy.finding == provenance.MISSING:
                failures.append(describe_failure(
                    region, f"no secret '{self.name}' in {region}: nothing to promote there; check the Region and secret_id, "
                    "or replicate the secret there first", reason="secret_not_found"))
            elif copy.finding == provenance.NOT_A_REPLICA:
                failures.append(describe_failure(
                    region, f"the secret '{self.name}' in {region} is {copy.description['ARN']}, not "
                    f"{replica_arn(self.secret_id, region)} (a copy of {self.secret_id})", reason="not_a_replica"))
        if failures:
            raise SecretStop(f"secret_replica cannot promote secret '{self.secret_id}', nothing was changed: " + failures_message(failures), failures)

    def _recheck_unverified(self):
        """By name, a standalone secret without the marker may be one that another run has just promoted and is about to
        mark. Described once more after MARKER_GRACE_SECONDS, it counts as that run's promotion only when it is the same
        secret (same ARN) and now carries the marker; otherwise it stays unverified."""
        unverified = sorted(region for region, copy in self.copies.items() if copy.finding == provenance.UNVERIFIED)
        if not unverified:
            return
        self.options.sleep(MARKER_GRACE_SECONDS)
        for region in unverified:
            copy = self.copies[region]
            again = self._describe(region)
            finding, former = provenance.promotion_finding(again, self.secret_id, region)
            if finding == provenance.ALREADY_PROMOTED and again["ARN"] == copy.description["ARN"]:
                copy.former_primary_arn = former
                copy.found_promoted(again, finding)

    def _check_sync(self):
        """verify_sync: ask each replica's primary whether it is InSync; refuse the secret unless allow_out_of_sync."""
        failures = []
        views = {}  # primary ARN -> its view: the replicas of one primary read it once
        for region, copy in sorted(self.copies.items()):
            if copy.finding != provenance.REPLICA:
                continue
            primary_region = copy.description["PrimaryRegion"]
            primary_arn = copy.former_primary_arn
            if primary_arn not in views:
                try:
                    views[primary_arn] = self.context.peers.view(primary_region, primary_arn)
                except SecretsManagerReplicationError as e:
                    raise stop_for_error(e, primary_region, f"could not describe the primary of '{self.name}'") from e
            view = views[primary_arn]
            copy.primary_reachable = view.reachable
            copy.primary_description = view.description
            copy.sync_problem = provenance.sync_problem(copy.description, view, region)
            if copy.sync_problem and not self.options.allow_out_of_sync and not self._promoted_meanwhile(region):
                failures.append(describe_failure(region, f"the replica in {region} is not in sync: {copy.sync_problem}", reason="not_in_sync"))
        if failures:
            raise SecretStop(f"secret_replica refused to promote secret '{self.secret_id}', nothing was changed: " + failures_message(failures), failures)

    def _promoted_meanwhile(self, region):
        """Whether another run promoted the copy in `region` since it was described (its primary then no longer lists it)."""
        return self._found_promoted(region, self._describe(region))

    def _old_primary_arn(self):
        """The primary the promoted copy followed (follower Regions are read only when exactly one Region is promoted)."""
        if len(self.copies) != 1:
            return None
        return next(iter(self.copies.values())).former_primary_arn

    def _find_followers(self):
        old_primary_arn = self._old_primary_arn()
        if not self.follower_regions or old_primary_arn is None:
            return
        new_primary_region = self.regions[0]
        for region in self.follower_regions:
            if provenance.follower_finding(None, old_primary_arn, new_primary_region, region) == provenance.OLD_PRIMARY_REGION:
                # Not called; with verify_sync its answer is known already (a planned move keeps its key).
                known = next(iter(self.copies.values())).primary_description
                self.followers[region] = FollowerCopy(known, provenance.OLD_PRIMARY_REGION)
                continue
            view = self._peer_view(region)
            if view is None:
                continue
            finding = provenance.follower_finding(view.description, old_primary_arn, new_primary_region, region)
            self.followers[region] = FollowerCopy(view.description, finding)

    def _peer_view(self, region):
        try:
            view = self.context.peers.view(region, self.name)
        except SecretsManagerReplicationError as e:
            self.failures.append(describe_failure(region, f"could not describe '{self.name}' in {region}: {e}", reason=classify_error(e)))
            return None
        if not view.reachable:
            self.failures.append(describe_failure(region, f"{region} did not answer DescribeSecret", reason="region_unreachable"))
            return None
        return view

    def _plan(self):
        """promote (StopReplicationToReplica) then mark (TagResource), per Region; marker repairs are a mark alone."""
        planned = []
        for region, copy in sorted(self.copies.items()):
            if copy.finding == provenance.REPLICA:
                planned += [{"action": PROMOTE, "region": region}, {"action": MARK, "region": region}]
            elif copy.finding == provenance.MARKER_MISSING:
                planned.append({"action": MARK, "region": region})
        for region, follower in sorted(self.followers.items()):
            if follower.finding == provenance.FOLLOWS_OLD_PRIMARY:
                planned += [{"action": PROMOTE, "region": region, "follower": True}, {"action": MARK, "region": region, "follower": True}]
        return planned

    # --- apply ---

    def _apply(self, planned):
        failed_regions = set()
        for action in planned:
            region = action["region"]
            if region in failed_regions or (action["action"] == MARK and not self._record(action).needs_marker):
                continue
            if action.get("follower") and any(failure["region"] in self.copies for failure in self.failures):
                # The promotion this follower would be re-protected from did not happen: leave it following its primary.
                continue
            try:
                self._send(action)
            except SecretsManagerReplicationError as e:
                failure = self._failure(action, e)
                if failure is not None:
                    failed_regions.add(region)
                    self.failures.append(failure)
                continue
            self.actions.append(action)

    def _record(self, action):
        return self.followers[action["region"]] if action.get("follower") else self.copies[action["region"]]

    def _send(self, action):
        region = action["region"]
        client = self.context.clients.secretsmanager(region)
        arn = self._copy_arn(region)
        record = self._record(action)
        if action["action"] == PROMOTE:
            # The marker's time is taken before the call: a version created after it is after the promotion.
            record.promoted_at = self.options.now()
            stop_replication_to_replica(client, arn)
            return
        tag_resource(client, arn, provenance.marker_tags(self._former_primary_arn(region), record.promoted_at))

    def _failure(self, action, error):
        """The failure `error` means for `action`; None when it means that another run promoted the copy (verified)."""
        if action["action"] == PROMOTE and refused_as_not_a_replica(error):
            return self._unless_promoted_by_another_run(action, error)
        return describe_failure(action["region"], self._failure_text(action, error), reason=classify_error(error))

    def _unless_promoted_by_another_run(self, action, error):
        """StopReplicationToReplica answered that the copy is not a replica: describe it again to know why.

        None when it is the very secret this run found (same ARN), now standalone: another run promoted it. Otherwise
        the failure: the secret is gone, another secret took its name, or (still a replica) AWS's answer itself.
        """
        region = action["region"]
        seen = self._copy_arn(region)
        try:
            again = describe_secret(self.context.clients.secretsmanager(region), self.name)
        except SecretsManagerReplicationError as e:
            return describe_failure(region, f"could not promote in {region}: {error}; describing it again failed: {e}", reason=classify_error(e))
        if self._found_promoted(region, again, follower=action.get("follower")):
            return None
        if again is None:
            return describe_failure(region, f"could not promote in {region}: {error}; and no secret '{self.name}' is there any more",
                                    reason="secret_not_found")
        if again["ARN"] != seen:
            return describe_failure(
                region, f"could not promote in {region}: {error}; the secret '{self.name}' there is now {again['ARN']}, not {seen} "
                "(the replica this run found): another secret took its name, nothing was changed there", reason="not_a_replica")
        return describe_failure(region, self._failure_text(action, error), reason=classify_error(error))

    def _found_promoted(self, region, again, follower=False):
        """Whether `again`, the copy in `region` described again, shows another run's promotion of it; if so, it is recorded."""
        if follower:
            if provenance.follower_finding(again, self._old_primary_arn(), self.regions[0], region) not in FOLLOWER_PROMOTED_ELSEWHERE:
                return False
            self.followers[region].found_promoted(again, region)
            return True
        copy = self.copies[region]
        finding, dummy = provenance.promotion_finding(again, copy.former_primary_arn, region)
        if finding not in PROMOTED_ELSEWHERE:
            return False
        copy.found_promoted(again, finding)
        return True

    def _failure_text(self, action, error):
        region = action["region"]
        if action["action"] == PROMOTE:
            return f"could not promote in {region}: {error}"
        return (f"promoted in {region}, but could not record the promotion marker (TagResource): {error}; "
                "run again with the primary's ARN as secret_id to record it")

    def _copy_arn(self, region):
        if region in self.copies:
            return self.copies[region].description["ARN"]
        return self.followers[region].description["ARN"]

    def _former_primary_arn(self, region):
        if region in self.copies:
            return self.copies[region].former_primary_arn
        return self._old_primary_arn()

    # --- wait: nothing to wait for (needs_refresh is False), so the batch never calls these ---

    def settled_by_writes(self):
        return True

    def refresh(self):
        pass

    def in_progress(self):
        return False

    def time_out(self, wait_timeout):
        pass

    # --- result ---

    def _done(self, region, kind):
        return any(action["region"] == region and action["action"] == kind for action in self.actions)

    def _promoted_entry(self, region, copy):
        description = copy.description
        own = provenance.own_replication_entry(description, region) if is_replica(description, region) else None
        changed = self._done(region, PROMOTE) or self._done(region, MARK)
        outcome = OUTCOMES[copy.finding]
        if outcome == "promoted" and not self._done(region, PROMOTE):
            outcome = "failed"
        return {
            "region": region,
            "arn": description["ARN"],
            "name": description.get("Name"),
            "changed": changed,
            "outcome": outcome,
            "promoted_from": copy.former_primary_arn,
            "promoted_at": provenance.format_time(copy.promoted_at) if copy.promoted_at else copy.marker["promoted_at"],
            "promoted_by_another_run": copy.promoted_by_another_run,
            "kms_key_id": description.get("KmsKeyId") or DEFAULT_KMS_KEY,
            "current_version_id": current_version_id(description),
            "replica_status": None if own is None else {"status": own.get("Status"), "status_message": own.get("StatusMessage")},
            "primary_reachable": copy.primary_reachable,
            "sync_problem": copy.sync_problem,
        }

    def _follower_entry(self, region, follower):
        description = follower.description
        return {
            "region": region,
            "finding": follower.finding,
            "arn": None if description is None else description["ARN"],
            "kms_key_id": None if description is None else description.get("KmsKeyId") or DEFAULT_KMS_KEY,
            "changed": self._done(region, PROMOTE),
        }

    def _diff(self):
        """before/after {replicas: [{region, primary_region}]}: what each Region followed, and follows after this run."""
        promoted = {action["region"] for action in self.actions if action["action"] == PROMOTE}
        promoted.update(region for region, record in list(self.copies.items()) + list(self.followers.items()) if record.promoted_by_another_run)
        views = {region: copy.description for region, copy in self.copies.items() if copy.description}
        views.update({region: follower.description for region, follower in self.followers.items() if follower.description})
        return {
            "before": {"replicas": [{"region": region, "primary_region": view.get("PrimaryRegion")} for region, view in sorted(views.items())]},
            "after": {"replicas": [
                {"region": region, "primary_region": None if region in promoted else view.get("PrimaryRegion")}
                for region, view in sorted(views.items())
            ]},
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
            result["diff"] = self._diff()
        return result
