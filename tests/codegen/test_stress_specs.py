"""Regeneration stays safe when a spec grows shapes that none of our four specs has today.

tests/codegen/stress/ holds specs of ours with what OpenAPI 3.1 allows and vendors use: `default`
and 204 responses, request bodies (JSON, form, multipart, a JSON Patch list), every parameter
location, names that are not identifiers (leading digits, dashes, dots, keywords, non-ASCII),
oneOf/anyOf with and without discriminator and null, allOf, int, string and const enums, recursive
and cyclic `$ref`s, typed and free additionalProperties, nullable everything, dotted schema names,
and a spec with no component schemas at all. The real driver generates them into a temporary
folder; every file must import and pass mypy --strict and pyright strict, in both model families.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from codegen import generate

ROOT = Path(__file__).resolve().parents[2]
STRESS = Path(__file__).resolve().parent / "stress"
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stress") / "generated"
    providers = [
        generate.Provider(
            "everything", "Everything", STRESS / "everything.yaml", STRESS / "config.yaml", "everything"
        ),
        generate.Provider("bare", "Bare", STRESS / "no_schemas.yaml", STRESS / "config.yaml", "bare"),
    ]
    generate.build(out, providers)
    return out


def run_python(generated: Path, code: str) -> str:
    """`code` in a fresh interpreter that imports the stress packages (not ours) from `generated`."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(generated), str(ROOT / "src")])}
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=generated,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_every_module_of_both_families_imports(generated):
    output = run_python(
        generated,
        """
        import importlib, pkgutil
        import oauth_clients_generated as top
        assert top.__file__.startswith(".") or "stress" in top.__file__, top.__file__
        names = [m.name for m in pkgutil.walk_packages(top.__path__, "oauth_clients_generated.")]
        for name in names:
            importlib.import_module(name)
        print(len(names))
        """,
    )
    assert int(output) > 40  # both providers' operations, models and schemas


def test_mypy_strict_passes(generated):
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "oauth_clients_generated"],
        capture_output=True,
        text=True,
        cwd=generated,
        env={**os.environ, "MYPYPATH": str(ROOT / "src")},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pyright_strict_passes(generated):
    config = {"include": ["oauth_clients_generated"], "typeCheckingMode": "strict", "pythonVersion": "3.11"}
    (generated / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    pyright = shutil.which("pyright") or str(PYRIGHT)
    result = subprocess.run(
        [pyright, "--pythonpath", sys.executable, "--outputjson"],
        capture_output=True,
        text=True,
        cwd=generated,
        check=False,
    )
    report = json.loads(result.stdout)
    problems = [d for d in report["generalDiagnostics"] if d["severity"] in ("error", "warning")]
    assert not problems, json.dumps(problems[:10], indent=2, ensure_ascii=False)
    assert report["summary"]["filesAnalyzed"] > 40


def test_names_that_are_not_identifiers_agree_in_both_families(generated):
    output = run_python(
        generated,
        """
        import attrs
        from oauth_clients_generated.everything.models.thing import Thing
        from oauth_clients_generated.everything import schemas
        print(sorted(f.name for f in attrs.fields(Thing) if f.init))
        print(sorted(schemas.Thing.model_fields))
        """,
    )
    attrs_names, pydantic_names = output.splitlines()
    assert attrs_names == pydantic_names
    for name in ("field_1st_value", "x_rate_limit", "a_b", "class_", "from_"):
        assert f"'{name}'" in attrs_names


def test_the_shapes_parse_and_round_trip(generated):
    run_python(
        generated,
        """
        from oauth_clients_generated.everything.models.thing import Thing
        from oauth_clients_generated.everything.models.node import Node
        from oauth_clients_generated.everything.models.shapes import Shapes
        from oauth_clients_generated.everything import schemas

        thing = {
            "id": "t", "kind": "x-large", "1st_value": 2.0, "x-rate-limit": 3, "a.b": "dot",
            "class": "c", "from": True, "naïve": "n", "名前": "name", "priority": 2, "version": "v1",
            "created": "2026-01-02T03:04:05.6Z", "note": None, "count": None, "parent": None,
            "labels": {"a": "b"}, "extras": {"free": [1, {"x": None}]},
            "metrics": {"m": {"value": 1.5, "unit": None}}, "anything": [None], "matrix": [[1, None]],
            "unknown": {"kept": True},
        }
        parsed = Thing.from_dict(thing)
        assert parsed.field_1st_value == 2 and type(parsed.field_1st_value) is int
        assert parsed.to_dict() == thing
        model = schemas.Thing.model_validate(thing)
        dumped = model.model_dump(by_alias=True, exclude_unset=True, mode="json")
        assert dumped == thing, dumped

        tree = {
            "name": "root",
            "children": [{"name": "leaf", "children": []}],
            "partner": {"node": {"name": "p"}},
        }
        assert Node.from_dict(tree).to_dict() == tree
        assert schemas.Node.model_validate(tree).model_dump(by_alias=True, exclude_unset=True) == tree

        shapes = {"discriminated": {"shape": "square", "side": 2.0}, "nullable_discriminated": None,
                  "any_of": 5, "string_or_list": ["a"], "all_nullable": None}
        assert Shapes.from_dict(shapes).to_dict() == shapes
        for wrong in ({"version": "v2"}, {"kind": 5}, {"1st_value": 1.5}):
            try:
                Thing.from_dict({"id": "t", "kind": "small", **wrong})
            except ValueError:
                pass
            else:
                raise AssertionError(f"accepted {wrong}")
        """,
    )


def test_a_renamed_path_parameter_fills_its_segment(generated):
    output = run_python(
        generated,
        """
        from oauth_clients_generated.everything.api.default import put_thing_form
        print(put_thing_form._get_kwargs(thing_key="a/b")["url"])
        """,
    )
    assert output.strip() == "/things/a%2Fb/form"


def test_default_and_empty_responses_are_typed(generated):
    run_python(
        generated,
        """
        import inspect, typing
        from oauth_clients_generated.everything.api.default import delete_thing, only_default, patch_thing
        from oauth_clients_generated.bare.api.default import ping

        assert inspect.signature(delete_thing.sync).return_annotation in ("None", None)
        assert "Problem" in str(inspect.signature(only_default.sync).return_annotation)
        assert "Thing" in str(inspect.signature(patch_thing.sync).return_annotation)
        assert inspect.signature(ping.sync).return_annotation in ("None", None)
        """,
    )
