#!/usr/bin/env python3
"""Validates JSON documents against a vendored JSON Schema, with format checks on.

    python3 tests/vectors/validate.py epcis FILE [FILE ...]
    python3 tests/vectors/validate.py fhir-r4 FILE [FILE ...]
    python3 tests/vectors/validate.py fhir-r5 FILE [FILE ...]

`epcis`: tests/vectors/epcis/schema/epcis-json-schema.json (GS1 EPCIS 2.0.1, draft-07).
`fhir-r4`, `fhir-r5`: HL7's FHIR JSON Schemas in tests/vectors/fhir/ (4.0.1 and 5.0.0,
draft-06). A FHIR document is a resource or a Bundle; each resource, and each resource of a
Bundle's entries, is checked against its own type's definition, so that an error names the
element at fault (the schemas' root `oneOf` over every resource type would only say "not
valid under any of the given schemas").
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
    "fhir-r4": HERE / "fhir" / "fhir-r4-4.0.1.schema.json",
    "fhir-r5": HERE / "fhir" / "fhir-r5-5.0.0.schema.json",
}
# The formats each schema uses, and whose checkers need extra packages. The FHIR schemas use
# none: their primitive types are patterns.
NEEDED_FORMATS = {"epcis": {"uri", "date-time"}}


def fhir_errors(schema, cls, document):
    """(JSON path, message) of each error of a FHIR resource or Bundle: every resource is
    checked against `#/definitions/<resourceType>`, a Bundle's entries without their
    resources, then each entry's resource in turn."""
    resource_types = schema.get("discriminator", {}).get("mapping", schema["definitions"])
    validators = {}

    def validator(resource_type):
        if not isinstance(resource_type, str) or resource_type not in resource_types:
            return None
        if resource_type not in validators:
            validators[resource_type] = cls({
                "$schema": schema["$schema"],
                "definitions": schema["definitions"],
                "$ref": "#/definitions/" + resource_type,
            })
        return validators[resource_type]

    def check(resource, path):
        if not isinstance(resource, dict):
            yield path, "a resource must be a JSON object"
            return
        resource_type = resource.get("resourceType")
        v = validator(resource_type)
        if v is None:
            yield path + ["resourceType"], f"unknown resourceType {resource_type!r}"
            return
        entries = resource.get("entry") if resource_type == "Bundle" else None
        shell = resource
        if isinstance(entries, list):
            shell = dict(resource, entry=[
                {k: x for k, x in e.items() if k != "resource"} if isinstance(e, dict) else e
                for e in entries
            ])
        for e in v.iter_errors(shell):
            yield path + list(e.absolute_path), e.message
        if isinstance(entries, list):
            for i, e in enumerate(entries):
                if isinstance(e, dict) and "resource" in e:
                    yield from check(e["resource"], path + ["entry", i, "resource"])

    errors = list(check(document, []))
    errors.sort(key=lambda pm: [str(p) for p in pm[0]])
    return errors


def main(argv):
    if len(argv) < 3 or argv[1] not in SCHEMAS:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    schema = json.loads(SCHEMAS[argv[1]].read_text())
    cls = jsonschema.validators.validator_for(schema)
    checker = cls.FORMAT_CHECKER
    missing = NEEDED_FORMATS.get(argv[1], set()) - set(checker.checkers)
    if missing:
        print(f"format checks unavailable: {sorted(missing)} "
              "(pip install rfc3987 rfc3339-validator)", file=sys.stderr)
        return 2
    validator = cls(schema, format_checker=checker)
    bad = 0
    for name in argv[2:]:
        document = json.loads(Path(name).read_text())
        if argv[1].startswith("fhir-"):
            errors = fhir_errors(schema, cls, document)
        else:
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
            errors = [(list(e.absolute_path), e.message) for e in errors]
        if errors:
            bad += 1
            for path, message in errors[:20]:
                path = "/".join(str(p) for p in path)
                print(f"{name}: /{path}: {message[:300]}")
        else:
            print(f"{name}: valid")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
