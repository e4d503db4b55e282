"""Lay out the held-out TEI of MANIFEST.toml in a folder, from local git snapshots.

The held-out files are not committed (they measure the project on TEI it has never seen).
This reads each [[file]] of MANIFEST.toml out of a bare git snapshot of its repository at
MIRROR/<owner>+<name>/repo (as the fetch tool of the development sessions lays them out)
with `git show COMMIT:SOURCE_PATH`; if that commit is not in the snapshot, with
`git show HEAD:SOURCE_PATH`, and says so. Each file's sha256 is checked against the
manifest's; a file whose repository is absent is reported missing (see fetch.md for the
two papyri files, whose repository is too large to snapshot). Writes nothing in the repo.

    python bench/heldout/fetch.py [--mirror /work/.mirror] [--out /tmp/heldout]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent


def git_show(git_dir: Path, revision: str, path: str) -> bytes | None:
    """The bytes of `path` at `revision` in the bare repository `git_dir`, or None."""
    done = subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{revision}:{path}"],
                          capture_output=True)
    return done.stdout if done.returncode == 0 else None


def fetch_one(entry: dict, mirror: Path, out: Path) -> dict[str, object]:
    """Write one manifest entry under `out`: where it came from and whether it matches."""
    git_dir = mirror / entry["repository"].replace("/", "+", 1) / "repo"
    record: dict[str, object] = {"path": entry["path"], "from": None, "sha256_matches": None}
    target = out / entry["path"]
    if target.exists():  # laid out by hand (see fetch.md) or an earlier run: check it only
        data, record["from"] = target.read_bytes(), "already there"
    elif not git_dir.is_dir():
        record["from"] = "missing: no snapshot of " + entry["repository"]
        return record
    else:
        data = git_show(git_dir, entry["commit"], entry["source_path"])
        record["from"] = "commit"
        if data is None:
            data = git_show(git_dir, "HEAD", entry["source_path"])
            record["from"] = "HEAD (the manifest's commit is not in the snapshot)"
        if data is None:
            record["from"] = "missing: not in the snapshot"
            return record
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    record["sha256_matches"] = hashlib.sha256(data).hexdigest() == entry["sha256"]
    return record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/heldout"))
    args = parser.parse_args()
    with (HERE / "MANIFEST.toml").open("rb") as f:
        entries = tomllib.load(f)["file"]
    records = [fetch_one(entry, args.mirror, args.out) for entry in entries]
    for record in records:
        mark = {True: "ok", False: "DIFFERS", None: "-"}[record["sha256_matches"]]
        print(f"{mark:<7}  {record['path']}  ({record['from']})")
    matched = sum(r["sha256_matches"] is True for r in records)
    print(f"\n{matched} of {len(records)} files byte for byte as in the manifest")
    (args.out / "fetched.json").write_text(json.dumps(records, indent=2) + "\n",
                                           encoding="utf-8")
    sys.exit(0 if all(r["sha256_matches"] is not None for r in records) else 1)


if __name__ == "__main__":
    main()
