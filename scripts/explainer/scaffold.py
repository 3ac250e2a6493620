"""``explainer new``: a skeleton record for an editor to fill in, under the right folder.

The skeletons are Jinja templates in ``templates/scaffolds/``. Every value the
editor must write is a placeholder starting "FILL IN", which ``explainer
check`` reports by name until it is replaced.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import jinja2

from .errors import ExplainerError
from .kinds import KINDS_BY_NAME, SOURCES
from .model import choices
from .schema import modeline, topic_vocabulary


def slug(title: str, *, max_length: int = 60) -> str:
    """An id from a title: ASCII lowercase words joined by hyphens ("Côte d'Azur's ports" → "cote-dazurs-ports")."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"['’‘`]", "", text.lower())
    words = re.findall(r"[a-z0-9]+", text)
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > max_length:
            break
        result = candidate
    return result


def scaffold_template(kind: str) -> str:
    """The skeleton of a record of ``kind``, in ``templates/scaffolds/``."""
    return f"{kind}.yaml.j2"


def scaffold(kind: str, title: str, data_dir: Path, templates_dir: Path) -> list[Path]:
    """Write the skeleton of a new record (and, for a source, its archived text); return the files written."""
    if kind not in KINDS_BY_NAME:
        raise ExplainerError(f"unknown kind '{kind}'; choose one of {', '.join(KINDS_BY_NAME)}")
    record_id = slug(title)
    if not record_id:
        raise ExplainerError(f"cannot make an id from the title {title!r}; give a title with letters or digits")
    record_kind = KINDS_BY_NAME[kind]
    folder = data_dir / record_kind.folder
    targets = [(folder / f"{record_id}.yaml", scaffold_template(kind))]
    if record_kind is SOURCES:  # and the archived text its quotes are checked against
        targets.append((folder / f"{record_id}.txt", "source.txt.j2"))
    for path, _ in targets:
        if path.exists() or path.is_symlink():
            raise ExplainerError(f"{path} already exists; edit it, or choose a title that gives another id")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir / "scaffolds")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # YAML, not HTML: the title is quoted by the yaml filter
    )
    env.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)
    vocabulary = topic_vocabulary(data_dir)
    env.globals["vocabulary"] = vocabulary
    # "'state', 'government' or 'other'" without the quotes: the kinds an editor may write, for a hint.
    env.globals["kinds"] = lambda table: choices(vocabulary.kind_ids(table)).replace("'", "")
    folder.mkdir(parents=True, exist_ok=True)
    for path, template in targets:
        text = env.get_template(template).render(id=record_id, title=title, modeline=modeline(kind))
        path.write_text(text, encoding="utf-8")
    return [path for path, _ in targets]
