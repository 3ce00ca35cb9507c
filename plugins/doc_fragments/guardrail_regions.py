# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # The Region policy the guardrail filters take: allowed Regions as input, denied Regions as an option.
    DOCUMENTATION = r"""
options:
  _input:
    description:
      - The Regions replicas may be in, as a list or as a string of Regions separated by commas, spaces or new lines
        (an AWX survey answer). Empty allows every Region that is not denied.
    type: raw
    required: true
  denied_regions:
    description: The Regions replicas must not be in, as a list or a string like O(_input). They win over allowed ones.
    type: raw
    default: []
requirements:
  - botocore
"""
