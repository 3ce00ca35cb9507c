# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secret names and version dates, as the disaster-recovery checks read them (moto 5.2.5 patches).

- A secret scheduled for deletion keeps its name for its recovery window.
- Versions carry their creation time in milliseconds, and ListSecretVersionIds reports it.
"""

import json
import time

from moto.secretsmanager.exceptions import InvalidRequestException
from moto.secretsmanager.models import SecretsManagerBackend
from moto.secretsmanager.responses import SecretsManagerResponse

# AWS's text for this refusal, as AWS answers it (the API reference lists the error, not its text).
SCHEDULED_FOR_DELETION = "You can't create this secret because a secret with this name is already scheduled for deletion."

_installed = False


def refuse_name_in_recovery_window(backend, name):
    """InvalidRequestException when `name` belongs to a secret scheduled for deletion in backend's Region.

    API reference, InvalidRequestException: "A parameter value is not valid for the current state of
    the resource. Possible causes: The secret is scheduled for deletion." (moto answers ResourceExistsException.)
    """
    existing = backend.secrets.get(name)
    if existing is not None and existing.is_deleted():
        raise InvalidRequestException(SCHEDULED_FOR_DELETION)


_moto_create_secret = SecretsManagerBackend.create_secret


def create_secret(self, name, *args, **kwargs):
    refuse_name_in_recovery_window(self, name)
    return _moto_create_secret(self, name, *args, **kwargs)


_moto_add_secret = SecretsManagerBackend._add_secret  # pylint: disable=protected-access


def add_secret(self, *args, **kwargs):
    """moto's, with the new version's creation time in milliseconds.

    moto stamps a new version with int(time.time()); AWS's CreatedDate has millisecond precision, which a
    check "was this version created after that promotion?" needs when both happen within one second.
    Every version stamped by moto is an int; once restamped it is a float.
    """
    secret, new_version = _moto_add_secret(self, *args, **kwargs)
    if new_version:
        now = round(time.time(), 3)
        for version in secret.versions.values():
            if isinstance(version["createdate"], int):
                version["createdate"] = now
    return secret, new_version


def _list_secret_version_ids_response(self):
    """ListSecretVersionIds without values: each version's VersionId, VersionStages and CreatedDate.

    moto answers the name as ARN and the time of the call as CreatedDate (and LastAccessedDate).
    API reference: ARN "The ARN of the secret"; CreatedDate "The date and time this version of the
    secret was created"; IncludeDeprecated: versions without staging labels are listed only when true.
    LastAccessedDate is omitted: the stand-in does not track reads.
    """
    secret = self.backend.describe_secret(self._get_param("SecretId"))
    include_deprecated = self._get_bool_param("IncludeDeprecated", False)
    versions = [
        {"VersionId": version_id, "VersionStages": list(version["version_stages"]), "CreatedDate": version["createdate"]}
        for version_id, version in secret.versions.items()
        if include_deprecated or version["version_stages"]
    ]
    return json.dumps({"ARN": secret.arn, "Name": secret.name, "Versions": versions})


def install():
    """Apply the patches once per process (idempotent)."""
    global _installed  # pylint: disable=global-statement
    if _installed:
        return
    SecretsManagerBackend.create_secret = create_secret
    SecretsManagerBackend._add_secret = add_secret  # pylint: disable=protected-access
    SecretsManagerResponse.list_secret_version_ids = _list_secret_version_ids_response
    _installed = True
