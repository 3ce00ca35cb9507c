# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Stand-in for ansible-test's downloaded pip bootstrap script (get-pip.py).

ansible-test runs ~/.ansible/test/cache/get_pip_<version>.py, when that file exists,
in each fresh virtual environment instead of downloading get-pip.py. This version
installs the pip wheel that Python ships (ensurepip, no network), then tries to move
to the pip version ansible-test asked for from the configured package index; if the
index cannot be reached it keeps the bundled pip. `make sanity` copies it into place
only when no real get-pip script is cached, so an online machine behaves as before.
"""

import subprocess
import sys

# get-pip.py options that plain `pip install` does not take.
GET_PIP_ONLY_OPTIONS = {"--no-setuptools", "--no-wheel"}


def main():
    # ensurepip in its own process: it sets PIP_CONFIG_FILE=/dev/null in its
    # environment, which would hide the machine's pip configuration from later calls.
    subprocess.run([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"], check=True, stdout=subprocess.DEVNULL)
    pip_args = [arg for arg in sys.argv[1:] if arg not in GET_PIP_ONLY_OPTIONS]
    upgrade = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", *pip_args], check=False)
    if upgrade.returncode != 0:
        print("get_pip_offline: kept the pip bundled with Python (the package index was not reachable)")


if __name__ == "__main__":
    main()
