# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Copy the checkout's files into <root>/ansible_collections/secretsmanager/replication.

ansible-test only runs inside a directory laid out as ansible_collections/<namespace>/<name>,
and it resolves symlinks, so the collection is copied there: the files git tracks plus
untracked files git does not ignore. ansible-test's own output (tests/output) is kept.
The copy gets a git index of its own: ansible-test lists content with git, and would
otherwise find the checkout's repository above the copy, where .tmp is ignored.
"""

import os
import shutil
import subprocess
import sys

KEEP = {os.path.join("tests", "output")}


def source_files(checkout):
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=checkout, check=True, capture_output=True,
    ).stdout.decode().split("\0")
    return sorted(path for path in set(listed) if path and os.path.isfile(os.path.join(checkout, path)))


def clear(destination):
    for entry in os.listdir(destination):
        path = os.path.join(destination, entry)
        if entry == ".git":
            continue
        if entry == "tests" and os.path.isdir(path):
            for sub in os.listdir(path):
                if os.path.join("tests", sub) not in KEEP:
                    remove(os.path.join(path, sub))
        else:
            remove(path)


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.remove(path)


def main(checkout, root):
    destination = os.path.join(root, "ansible_collections", "secretsmanager", "replication")
    os.makedirs(destination, exist_ok=True)
    clear(destination)
    for path in source_files(checkout):
        target = os.path.join(destination, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(checkout, path), target)
    index_copy(destination)
    print(destination)


def index_copy(destination):
    if not os.path.isdir(os.path.join(destination, ".git")):
        subprocess.run(["git", "init", "--quiet", destination], check=True)
    subprocess.run(["git", "add", "--all"], cwd=destination, check=True)


if __name__ == "__main__":
    main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]))
