"""The demo behind `nox -s demo`: Prism serves the four specs on 127.0.0.1, and the typed clients
call every operation of every provider through `oauth_clients`, printing the OAuth clients found."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from oauth_clients import launchdarkly, leegality, loginradius, slashid
from oauth_clients.errors import OAuthClientsError
from tools.prism import ROOT, prism

Row = tuple[str, str, str, str]


def slashid_org_id() -> str:
    spec = yaml.safe_load((ROOT / "specs" / "slashid.yaml").read_text(encoding="utf-8"))
    for parameter in spec["components"]["parameters"].values():
        if parameter["name"] == "SlashID-OrgID":
            return str(parameter.get("example") or parameter["schema"].get("examples", ["org"])[0])
    return "org"


def text(value: object) -> str:
    return "" if value is None or isinstance(value, leegality.Unset) else str(value)


def collect(urls: dict[str, str]) -> list[Row]:
    rows: list[Row] = []
    with leegality.AuthenticatedClient("demo-token", base_url=urls["leegality"]) as client:
        listing = leegality.list_oauth2_clients.sync(client=client)
        for vo in [] if isinstance(listing.data, leegality.Unset) else listing.data:
            rows.append(("leegality", text(vo.client_id), "", text(vo.state)))
    with slashid.AuthenticatedClient("demo-key", base_url=urls["slashid"]) as client:
        org = slashid_org_id()
        found = slashid.list_oauth2_clients.sync(client=client, slash_id_org_id=org)
        for item in [] if isinstance(found.result, slashid.Unset) else found.result:
            public = "public" if item.public is True else "confidential"
            rows.append(("slashid", text(item.client_id), text(item.client_name), public))
            one = slashid.get_oauth2_client.sync(text(item.client_id), client=client, slash_id_org_id=org)
            assert not isinstance(one.result, slashid.Unset)
    with loginradius.AuthenticatedClient("demo-m2m-token", base_url=urls["loginradius"]) as client:
        clients = loginradius.list_oauth_clients.sync(client=client)
        for entry in [] if isinstance(clients.data, loginradius.Unset) else clients.data:
            rows.append(
                ("loginradius", text(entry.client_id), text(entry.app_name), text(entry.application_type))
            )
    with launchdarkly.AuthenticatedClient("demo-api-key", base_url=urls["launchdarkly"]) as client:
        record = launchdarkly.get_oauth2_client.sync("50666563-9144-4125-b822-33f308227e45", client=client)
        rows.append(("launchdarkly", record.client_id, record.name, text(record.redirect_uri)))
    return rows


def main() -> int:
    with ExitStack() as stack:
        urls = {
            p: stack.enter_context(prism(ROOT / "specs" / f"{p}.yaml"))
            for p in ("leegality", "slashid", "loginradius", "launchdarkly")
        }
        try:
            rows = collect(urls)
        except OAuthClientsError as error:
            print(f"demo failed: {error}", file=sys.stderr)
            return 1
    header: Row = ("provider", "client id", "name", "state / kind")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
