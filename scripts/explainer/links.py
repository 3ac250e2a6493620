"""How editors link records in Markdown: ``[text](place:khan-sheikhoun)``."""

from __future__ import annotations

import re

#: Record links editors may write in Markdown: [text](<scheme>:<id>).
RECORD_LINK = re.compile(r"\]\(\s*<?(actor|place|event|agreement|source):([^)\s>]*)>?\s*\)")

#: The folder of the records each link scheme names.
SCHEME_FOLDERS = {"actor": "actors", "place": "places", "event": "events", "agreement": "agreements", "source": "sources"}
