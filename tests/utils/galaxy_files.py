# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Galaxy tarball's files: the list tests/packaging/galaxy-files.txt pins, and the artifact's size and file count.

    galaxy_files.py write DIST LIST    write LIST from the one collection tarball in DIST (`make galaxy-files`)
    galaxy_files.py summary DIST       print the tarball's name, size and file count (`make release-check`)
"""

import sys
import tarfile
from pathlib import Path

TARBALL_GLOB = "secretsmanager-replication-*.tar.gz"
UPDATE_COMMAND = "make galaxy-files"
HEADER = (
    "# Every file in the Galaxy tarball, MANIFEST.json and FILES.json included (tests/packaging/test_galaxy_artifact.py).\n"
    f"# After adding, moving or removing a shipped file, or changing build_ignore in galaxy.yml: {UPDATE_COMMAND}\n"
)


def built_tarball(dist):
    """The one collection tarball in `dist`."""
    found = sorted(Path(dist).resolve().glob(TARBALL_GLOB))
    if len(found) != 1:
        raise ValueError(f"expected one {TARBALL_GLOB} in {dist}, found {[path.name for path in found]}: run `make packaging`")
    return found[0]


def shipped_files(tarball):
    """The regular files in the tarball, as sorted paths relative to the collection root."""
    with tarfile.open(tarball) as archive:
        return sorted(member.name.removeprefix("./") for member in archive.getmembers() if member.isfile())


def read_list(path):
    """The paths in a file list: one a line, without comments and blank lines."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def write_list(path, files):
    Path(path).write_text(HEADER + "".join(f"{name}\n" for name in sorted(files)), encoding="utf-8")


def summary(tarball):
    """'<name>: <size> KB, <count> files', the numbers a release is judged by."""
    return f"{Path(tarball).name}: {Path(tarball).stat().st_size / 1024:.0f} KB, {len(shipped_files(tarball))} files"


def main(argv):
    if len(argv) == 3 and argv[0] == "write":
        tarball = built_tarball(argv[1])
        write_list(argv[2], shipped_files(tarball))
        print(f"{argv[2]}: the {len(read_list(argv[2]))} files of {tarball.name}; review the diff and commit it")
        return 0
    if len(argv) == 2 and argv[0] == "summary":
        print(summary(built_tarball(argv[1])))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
