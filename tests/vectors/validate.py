#!/usr/bin/env python3
"""Validates JSON documents against a vendored JSON Schema, with format checks on.

    python3 tests/vectors/validate.py epcis FILE [FILE ...]

`epcis`: tests/vectors/epcis/schema/epcis-json-schema.json (GS1 EPCIS 2.0.1, draft-07).
Prints one line per invalid document with each error's JSON path, and exits 1 if any is
invalid, 2 if the validator cannot check formats (a missing package would let bad URIs and
times through unnoticed).
"""

import json
import sys
from pathlib import Path

import jsonschema

HERE = Path(__file__).resolve().parent
SCHEMAS = {
    "epcis": HERE / "epcis" / "schema" / "epcis-json-schema.json",
}
# The formats the schemas use, and whose checkers need extra packages.
NEEDED_FORMATS = {"uri", "date-time"}


def main(argv):
    if len(argv) < 3 or argv[1] not in SCHEMAS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema = json.loads(SCHEMAS[argv[1]].read_text())
    cls = jsonschema.validators.validator_for(schema)
    checker = cls.FORMAT_CHECKER
    missing = NEEDED_FORMATS - set(checker.checkers)
    if missing:
        print(f"format checks unavailable: {sorted(missing)} "
              "(pip install rfc3987 rfc3339-validator)", file=sys.stderr)
        return 2
    validator = cls(schema, format_checker=checker)
    bad = 0
    for name in argv[2:]:
        document = json.loads(Path(name).read_text())
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        if errors:
            bad += 1
            for e in errors[:20]:
                path = "/".join(str(p) for p in e.absolute_path)
                print(f"{name}: /{path}: {e.message[:300]}")
        else:
            print(f"{name}: valid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
