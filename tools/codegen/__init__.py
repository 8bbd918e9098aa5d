"""The SDK generator: reads the Fern definition and writes the resource clients, types and reference."""
