# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What every benchmark shares (benchmarks/Makefile puts benchmarks/ on PYTHONPATH, so `import common.harness`).

- harness: the stand-in process, seeding, timed runs (ansible-playbook, any command, a Python function), the machine
  and its load.
- request_log: what a run sent, from the stand-in's request log: calls per secret, throttled responses, peak writes.
- floor: boto3 calls paced at AWS's write quota, the floor every approach is compared with.
- report: markdown tables, goal lines and the results files; charts: the PNG charts.
"""
