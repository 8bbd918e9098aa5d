"""Hand-written helpers of ``client.tts``: named output formats and infill with the joined audio.

``client.tts.get_output_format(name)`` and ``client.tts.infill(...)`` come from :mod:`.client`;
the 2.x module paths ``cartesia.tts.utils.*`` re-export what is here.
"""
