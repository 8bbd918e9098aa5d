"""Named deployments of the Cartesia API."""

import enum


class CartesiaEnvironment(enum.Enum):
    """Base URLs the client can target (`Cartesia(environment=...)`)."""

    PRODUCTION = "https://api.cartesia.ai"
