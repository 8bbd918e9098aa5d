"""The WebSocket clients: TTS with multiplexed contexts, streaming STT.

Each socket kind is a protocol core without I/O (``tts_protocol``) under two thin shells,
``websockets.sync`` (``tts_sync``) and ``websockets.asyncio`` (``tts_async``), with the same
method names; ``transport``, ``handshake``, ``attempts`` and ``options`` are shared. Reach them
through ``client.tts.websocket()`` / ``client.tts.websocket_connect()``.
"""
