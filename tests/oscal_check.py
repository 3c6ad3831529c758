"""Loads OSCAL JSON files into compliance-trestle's models (an independent implementation of
OSCAL 1.2.1 whose pydantic models reject unknown keys, wrong types and bad patterns).

Usage: python oscal_check.py MODEL FILE [MODEL FILE ...]   (MODEL: catalog, profile,
assessment-results, poam). Prints one line per file and exits 1 when any file is rejected.
"""
import pathlib
import sys

from trestle.oscal import OSCAL_VERSION
from trestle.oscal.assessment_results import AssessmentResults
from trestle.oscal.catalog import Catalog
from trestle.oscal.poam import PlanOfActionAndMilestones
from trestle.oscal.profile import Profile

MODELS = {
    "catalog": Catalog,
    "profile": Profile,
    "assessment-results": AssessmentResults,
    "poam": PlanOfActionAndMilestones,
}

failed = 0
args = sys.argv[1:]
for model, path in zip(args[0::2], args[1::2]):
    try:
        obj = MODELS[model].oscal_read(pathlib.Path(path))
        if obj is None:
            raise ValueError("not found")
        version = obj.metadata.oscal_version
        while hasattr(version, "root"):
            version = version.root
        if version != OSCAL_VERSION:
            raise ValueError(f"oscal-version {version} != {OSCAL_VERSION}")
        print(f"ok {model} {path}")
    except Exception as e:  # noqa: BLE001 - report every rejection
        failed += 1
        print(f"REJECTED {model} {path}: {e}")
sys.exit(1 if failed else 0)
