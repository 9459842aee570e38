"""Build the default CMYK output profile (coated FOGRA39, 300 % total ink) once; the .icc is
committed in toolkit/data/ (its provenance: toolkit/data/PROFILES.md).

    apt-get install argyll icc-profiles-free
    python tools/make_press_profile.py

ArgyllCMS's colprof fits a profile to Fogra's FOGRA39 characterisation data (ISO 12647-2,
offset on coated paper), which Debian ships in icc-profiles-free as FOGRA39L.ti3. Options:
-ql low-quality tables (28 KB: the profile is embedded in every print PDF as its output
intent; fit to the data: average dE 0.5, max 1.9), -kr a K ramp (greys get K from white
to black; the toolkit puts neutral image pixels on K only itself), -l300 total ink 300 %,
-L100 black up to 100 %, -nc no copy of the measurements inside the profile.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

DATA = Path("/usr/share/color/icc/FOGRA39L.ti3")
OUT = Path(__file__).resolve().parent.parent / "toolkit/data/FOGRA39-300.icc"
DESCRIPTION = "Coated FOGRA39 (ISO 12647-2), 300% total ink, toolkit"
COPYRIGHT = ("Fitted with ArgyllCMS colprof to Fogra's FOGRA39L characterisation data "
             "(Debian icc-profiles-free, Zlib licence)")


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(DATA, Path(work) / "FOGRA39L.ti3")
        subprocess.run(["colprof", "-ql", "-kr", "-l300", "-L100", "-nc", "-D", DESCRIPTION,
                        "-C", COPYRIGHT, "FOGRA39L"], cwd=work, check=True)
        shutil.copy(Path(work) / "FOGRA39L.icc", OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
