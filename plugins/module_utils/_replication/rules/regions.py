# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Region and partition rules, from botocore's own partition and endpoint data.

AWS: replication never crosses partitions; commercial (aws), China (aws-cn),
GovCloud (aws-us-gov) and the isolated partitions replicate only within
themselves. No hand-written Region table here: botocore knows them all.
"""

try:
    import botocore.session
    from botocore.exceptions import UnknownRegionError

    HAS_BOTOCORE = True
except ImportError:
    HAS_BOTOCORE = False  # Modules and filters report it.

_SESSION = None


def _botocore_session():
    global _SESSION  # pylint: disable=global-statement
    if _SESSION is None:
        _SESSION = botocore.session.get_session()
    return _SESSION


def partition_for_region(region):
    """The partition name ('aws', 'aws-cn', ...) whose Region pattern matches, or None."""
    if not isinstance(region, str) or not region:
        return None
    try:
        return _botocore_session().get_partition_for_region(region)
    except UnknownRegionError:
        return None


def secretsmanager_regions(partition):
    """Regions where botocore knows a Secrets Manager endpoint, in one partition."""
    return _botocore_session().get_available_regions("secretsmanager", partition_name=partition)


def is_known_region(region):
    partition = partition_for_region(region)
    return partition is not None and region in secretsmanager_regions(partition)


def unknown_region_problem(region):
    """Why `region` is not a Region to call Secrets Manager in, or None when botocore knows it."""
    if is_known_region(region):
        return None
    return (
        f"'{region}' is not a Secrets Manager Region known to botocore: check the spelling "
        "(Regions are lower case, like 'eu-west-1'), or upgrade botocore if the Region is new"
    )


def replica_region_problem(region, primary_region):
    """Why `region` cannot hold a replica of a secret whose primary is in `primary_region`, or None.

    The message says what is wrong and how to fix it.
    """
    unknown = unknown_region_problem(region)
    if unknown:
        return unknown
    primary_partition = partition_for_region(primary_region)
    partition = partition_for_region(region)
    if primary_partition is not None and partition != primary_partition:
        return (
            f"'{region}' is in partition '{partition}' but the primary Region '{primary_region}' is in "
            f"'{primary_partition}': secrets replicate only within one partition; choose a Region of "
            f"'{primary_partition}'"
        )
    if region == primary_region:
        return f"'{region}' is the primary secret's own Region: a replica must be in another Region; remove it from the list"
    return None
