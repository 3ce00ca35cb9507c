# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""galaxy_files.py: the tarball's file list that `make galaxy-files` pins, and the size and count release-check prints."""

import io
import tarfile

import pytest

from galaxy_files import built_tarball, main, read_list, shipped_files, summary


def make_tarball(path, names):
    """A tarball laid out as ansible-galaxy builds one: directory entries, and files under './'-less names."""
    with tarfile.open(path, "w:gz") as archive:
        directory = tarfile.TarInfo("plugins")
        directory.type = tarfile.DIRTYPE
        archive.addfile(directory)
        for name in names:
            data = name.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_the_list_holds_files_only_sorted(tmp_path):
    tarball = make_tarball(tmp_path / "secretsmanager-replication-1.0.0.tar.gz", ["plugins/modules/b.py", "MANIFEST.json", "./README.md"])
    assert shipped_files(tarball) == ["MANIFEST.json", "README.md", "plugins/modules/b.py"]


def test_write_then_read_gives_the_tarball_files_back_and_says_how_to_update(tmp_path, capsys):
    dist = tmp_path / "dist"
    dist.mkdir()
    make_tarball(dist / "secretsmanager-replication-1.0.0.tar.gz", ["README.md", "galaxy.yml"])
    listed = tmp_path / "galaxy-files.txt"
    assert main(["write", str(dist), str(listed)]) == 0
    assert read_list(listed) == ["README.md", "galaxy.yml"]
    assert "make galaxy-files" in listed.read_text(encoding="utf-8").splitlines()[1]
    assert "2 files" in capsys.readouterr().out


def test_summary_gives_size_in_kilobytes_and_file_count(tmp_path):
    tarball = make_tarball(tmp_path / "secretsmanager-replication-1.0.0.tar.gz", ["a", "b", "c"])
    kilobytes = round(tarball.stat().st_size / 1024)
    assert summary(tarball) == f"secretsmanager-replication-1.0.0.tar.gz: {kilobytes} KB, 3 files"


@pytest.mark.parametrize("names", [[], ["secretsmanager-replication-0.1.0.tar.gz", "secretsmanager-replication-1.0.0.tar.gz"]])
def test_built_tarball_wants_exactly_one(tmp_path, names):
    for name in names:
        make_tarball(tmp_path / name, ["README.md"])
    with pytest.raises(ValueError, match="expected one"):
        built_tarball(tmp_path)
