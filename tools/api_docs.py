"""Build the reference docs offline into site/: the Python API (pdoc) and each spec (Redocly).

    python tools/api_docs.py [--out site]      # `nox -s docs`

site/index.html links both halves. site/python/ is pdoc's reference of `oauth_clients`, its modules,
each provider with its models and `schemas`, and each operation module; site/specs/<provider>.html is
`redocly build-docs --inlineBundle` of specs/<provider>.yaml (no script is fetched when it is opened).
"""

from __future__ import annotations

import argparse
import html
import importlib
import inspect
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pdoc  # the docs dependency group
import pdoc.render

ROOT = Path(__file__).resolve().parent.parent
REDOCLY = ROOT / "node_modules" / ".bin" / "redocly"
CORE_MODULES = ("oauth_clients", "oauth_clients.errors", "oauth_clients.inventory", "oauth_clients.cli")


class DocsError(Exception):
    """A reference could not be built."""


def providers(root: Path = ROOT) -> dict[str, Path]:
    """Provider package name -> its spec, from codegen/providers.toml."""
    table = tomllib.loads((root / "codegen" / "providers.toml").read_text(encoding="utf-8"))["providers"]
    return {entry["package"]: root / entry["spec"] for entry in table.values()}


def operation_modules(provider: ModuleType) -> list[ModuleType]:
    """The operation modules a provider exports (`leegality.list_oauth2_clients`, ...)."""
    return [
        value
        for name in provider.__all__
        if inspect.ismodule(value := getattr(provider, name)) and name != "errors"
    ]


def python_modules(names: list[str]) -> list[str]:
    modules: list[str] = list(CORE_MODULES)
    for name in names:
        provider = importlib.import_module(f"oauth_clients.{name}")
        modules.append(f"{provider.__name__}.schemas")  # the provider itself: by oauth_clients.__all__
        modules += [module.__name__ for module in operation_modules(provider)]
    return modules


def bind_lazy_names(module: ModuleType) -> None:
    """Bind the names of `__all__` that the module loads lazily (module `__getattr__`, e.g. `RetryPolicy`).

    pdoc reads the module's namespace; in this process only, the lazy names are put there.
    """
    for name in getattr(module, "__all__", ()):
        if name not in vars(module):
            vars(module)[name] = getattr(module, name)


def export_star_imports(module: ModuleType) -> None:
    """Give a module without `__all__` one naming the classes it re-exports (`<provider>.schemas`).

    pdoc leaves imported names out unless `__all__` lists them; in this process only.
    """
    if hasattr(module, "__all__"):
        return
    module.__all__ = [  # type: ignore[attr-defined]
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and inspect.isclass(value)
        and value.__module__.split(".", 1)[0] in ("oauth_clients", "oauth_clients_generated")
    ]


def build_python(out: Path, names: list[str]) -> None:
    modules = python_modules(names)
    for name in modules:
        module = importlib.import_module(name)
        if name.endswith(".schemas"):  # `from oauth_clients_generated.<provider>.schemas import *`
            export_star_imports(module)
        bind_lazy_names(module)
    pdoc.render.configure(docformat="google", footer_text="oauth-clients")
    pdoc.pdoc(*modules, output_directory=out)


def build_spec(spec: Path, out: Path) -> None:
    command = [str(REDOCLY), "build-docs", str(spec), "--inlineBundle", "--output", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    if result.returncode != 0 or not out.is_file():
        raise DocsError(f"redocly build-docs {spec.name} failed:\n{result.stdout}{result.stderr}")


def write_index(out: Path, names: list[str]) -> None:
    items = "\n".join(
        f'<li>{html.escape(name)}: <a href="python/oauth_clients/{name}.html">Python API</a>, '
        f'<a href="specs/{name}.html">HTTP API (spec)</a></li>'
        for name in names
    )
    (out / "index.html").write_text(
        "<!doctype html>\n<html><head><meta charset='utf-8'><title>oauth-clients reference</title></head>\n"
        "<body><h1>oauth-clients reference</h1>\n"
        '<p><a href="python/oauth_clients.html">Python API reference</a> (errors, inventory, CLI, '
        "every provider)</p>\n"
        f"<ul>\n{items}\n</ul>\n</body></html>\n",
        encoding="utf-8",
    )


def build(out: Path, root: Path = ROOT) -> list[Path]:
    """Build the whole site into `out` (replaced) and return the files written."""
    specs = providers(root)
    names = list(specs)
    shutil.rmtree(out, ignore_errors=True)
    (out / "specs").mkdir(parents=True)
    build_python(out / "python", names)
    for name, spec in specs.items():
        build_spec(spec, out / "specs" / f"{name}.html")
    write_index(out, names)
    return sorted(p for p in out.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="the folder to write (replaced)")
    args = parser.parse_args(argv)
    try:
        files = build(args.out)
    except DocsError as error:
        print(f"docs: {error}", file=sys.stderr)
        return 1
    print(f"wrote {len(files)} files to {args.out}; open {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
