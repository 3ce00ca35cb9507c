# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Split brain: the same secret (same name and ARN suffix) a primary, not a replica, in more than one Region.

Pure functions over secret_replica_info entries, each read in its own Region: whether a secret is a primary there
comes from that Region's own answer, never from another primary's (possibly stale) replica list. It happens after a
failover when the old primary's Region returns: both sides accept writes, and nothing replicates between them.
"""

from .provenance import secret_lineage


def primary_regions_by_secret(entries):
    """{lineage: sorted Regions where that secret is a primary}, over every entry."""
    regions = {}
    for entry in entries:
        lineage = secret_lineage(entry["arn"])
        regions.setdefault(lineage, set())
        if not entry["is_replica"]:
            regions[lineage].add(entry["region"])
    return {lineage: sorted(found) for lineage, found in regions.items()}


def mark_split_brain(entries):
    """The entries, each with `split_brain` and `primary_regions` (the Regions where its secret is a primary)."""
    primaries = primary_regions_by_secret(entries)
    return [dict(entry, primary_regions=primaries[secret_lineage(entry["arn"])], split_brain=len(primaries[secret_lineage(entry["arn"])]) > 1)
            for entry in entries]


def split_brain_findings(entries):
    """One finding per split secret, sorted by name: {name, primary_regions, arns} (the primaries' ARNs)."""
    findings = {}
    for entry in mark_split_brain(entries):
        if entry["split_brain"] and not entry["is_replica"]:
            finding = findings.setdefault(secret_lineage(entry["arn"]), {"name": entry["name"], "primary_regions": entry["primary_regions"], "arns": []})
            finding["arns"].append(entry["arn"])
    return sorted(({**finding, "arns": sorted(finding["arns"])} for finding in findings.values()), key=lambda finding: (finding["name"], finding["arns"]))
