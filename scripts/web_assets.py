"""Copy the explorer's browser libraries from node_modules into the package's static/vendor.

Run after ``npm ci`` (``make install`` does both). The list of files is
``cormorant.web.VENDOR_FILES``; each is copied as is, with its licence beside it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from cormorant.web import VENDOR_FILES, vendor_dir  # noqa: E402


def main() -> int:
    modules = ROOT / "node_modules"
    out = vendor_dir()
    out.mkdir(parents=True, exist_ok=True)
    missing = [src for src in VENDOR_FILES.values() if not (modules / src).is_file()]
    if missing:
        print(f"web_assets: {missing[0]} is not in node_modules; run `npm ci` first",
              file=sys.stderr)
        return 1
    for name, src in VENDOR_FILES.items():
        shutil.copyfile(modules / src, out / name)
        package = src.split("/", 1)[0]
        licence = modules / package / "LICENSE"
        if licence.is_file():
            shutil.copyfile(licence, out / f"{package}.LICENSE.txt")
    print(f"web_assets: {len(VENDOR_FILES)} files in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
