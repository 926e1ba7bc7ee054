"""Hand-written helpers over the generated operations, where a vendor's primitive is unsafe to use
as it is (the generator never writes here). Each is re-exported by its provider's namespace:
`oauth_clients.leegality.set_state` / `aset_state` (from `helpers.leegality`)."""
