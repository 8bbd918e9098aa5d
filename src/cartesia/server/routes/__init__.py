"""The aiohttp handlers, one module per API area; `app.py` wires them to paths."""
