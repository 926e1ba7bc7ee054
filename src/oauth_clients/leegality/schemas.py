"""Pydantic v2 models of every schema in specs/leegality.yaml (needs `oauth-clients[pydantic]`)."""

from oauth_clients._runtime.extras import require_pydantic

require_pydantic(__name__)

from oauth_clients_generated.leegality.schemas import *  # noqa: E402, F403
