# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A run killed mid-apply, and two runs at once: the next run converges, nothing is duplicated or lost."""

import subprocess

from conftest import ansible_environment, assert_converged, create_primaries, playbook_command, recap, replicate_vars, run_killed, run_playbook

REGIONS = ["eu-west-1", "ap-southeast-2"]
REPLICATE = "secretsmanager.replication.replicate"


def test_killed_mid_batch_then_rerun_converges(standin, tmp_path):
    names = [f"interrupt/app-{number:02d}" for number in range(16)]
    create_primaries(standin, names)
    standin.configure(replication_delay_seconds=0.5)
    standin.clear_request_log()

    # The role's apply is one secret_replica call for all 16 secrets; at 2 writes per second the kill lands mid-batch.
    replicated, touched_before = run_killed(standin, tmp_path, REPLICATE, replicate_vars(names, REGIONS, replicate_retry_delay=1, replicate_max_write_rate=2),
                                            "ReplicateSecretToRegions", 3)
    assert 3 <= replicated < len(names), replicated
    assert touched_before < len(names), "the kill came too late to interrupt the apply"

    rerun = run_playbook(standin, tmp_path, REPLICATE, extra_vars=replicate_vars(names, REGIONS, replicate_retry_delay=1))
    assert rerun.returncode == 0, rerun.output[-4000:]
    assert_converged(standin, names, REGIONS)


def test_two_runs_at_once_end_in_the_desired_state(standin, tmp_path):
    names = [f"concurrent/app-{number}" for number in range(6)]
    create_primaries(standin, names)
    standin.configure(replication_delay_seconds=0.3)
    jobs = []
    for index in range(2):
        workdir = tmp_path / f"run{index}"
        workdir.mkdir()
        jobs.append(subprocess.Popen(  # pylint: disable=consider-using-with
            playbook_command(REPLICATE, replicate_vars(names, REGIONS, replicate_retry_delay=1)), cwd=workdir, env=ansible_environment(standin, workdir),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        ))
    outputs = [job.communicate(timeout=300)[0] for job in jobs]
    codes = [job.returncode for job in jobs]
    for output in outputs:
        assert "Traceback" not in output
    # Both may succeed, or one may fail on what the other did; never both, and never corrupt state.
    assert 0 in codes, "\n=====\n".join(output[-3000:] for output in outputs)
    assert set(codes) <= {0, 2}, codes
    assert_converged(standin, names, REGIONS)
    again = run_playbook(standin, tmp_path, REPLICATE, extra_vars=replicate_vars(names, REGIONS))
    assert again.returncode == 0 and recap(again.output)["changed"] == 0, again.output[-3000:]
    print(f"concurrent runs exited {codes}")
