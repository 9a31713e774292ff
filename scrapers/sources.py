"""The sources registry: which documents to poll, as data in a TOML file.

    [[source]]
    id = "qwen-readme"
    url = "https://raw.githubusercontent.com/QwenLM/Qwen/main/README.md"
    kind = "readme"                 # model_card | readme | leaderboard | blog | paper_pdf | paper_html | arxiv
    content_type = "text/markdown"  # optional: what to parse the bytes as
    model = "Qwen-7B"               # optional: the model the document is about
    hints = { quant_method = "gptq", family = "Qwen" }   # optional extraction hints
    version_of = "qwen-readme"      # optional: this document is an older version of that source
    revision_note = "..."           # optional: what changed since, as the publisher says

Ids must be unique; a malformed file is refused with the file and entry named. A
`version_of` must name another registered source that is not itself a version.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from benchtable.schema.errors import ConfigError, UnknownSourceError
from benchtable.schema.records import Source
from benchtable.scrapers.arxiv import arxiv_id


def default_sources_text() -> str:
    return resources.files("benchtable.scrapers").joinpath("sources.toml").read_text("utf-8")


def parse_sources(text: str, origin: str) -> list[Source]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{origin}: not valid TOML: {exc}") from exc
    unknown = set(data) - {"source"}
    if unknown:
        raise ConfigError(
            f"{origin}: unknown top-level key(s) {sorted(unknown)}; expected [[source]] entries"
        )
    entries = data.get("source", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{origin}: 'source' must be an array of tables ([[source]])")
    sources: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries, start=1):
        where = f"{origin}: source #{i}" + (
            f" ({entry.get('id')})" if isinstance(entry, dict) and entry.get("id") else ""
        )
        try:
            source = Source.model_validate(entry)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'entry'}: {e['msg']}" for e in exc.errors()
            )
            raise ConfigError(f"{where}: {problems}") from exc
        if source.id in seen:
            raise ConfigError(f"{where}: duplicate source id {source.id!r}")
        seen.add(source.id)
        sources.append(source)
    return sources


def check_versions(sources: list[Source], origin: str) -> None:
    """Every `version_of` names another source of `sources` that is itself the current document."""
    by_id = {s.id: s for s in sources}
    for s in sources:
        if s.version_of is None:
            continue
        target = by_id.get(s.version_of)
        if s.version_of == s.id:
            raise ConfigError(f"{origin}: source {s.id!r}: version_of names the source itself")
        if target is None:
            raise ConfigError(
                f"{origin}: source {s.id!r}: version_of {s.version_of!r} is not a registered source"
            )
        if target.version_of is not None:
            raise ConfigError(
                f"{origin}: source {s.id!r}: version_of {s.version_of!r} is itself a version of"
                f" {target.version_of!r}; name the current document"
            )


def load_sources(path: Path | None = None) -> list[Source]:
    """The sources in `path`, or the packaged registry."""
    if path is None:
        packaged = parse_sources(default_sources_text(), "sources.toml (packaged)")
        check_versions(packaged, "sources.toml (packaged)")
        return packaged
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read sources file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"{path}: cannot read sources file: not UTF-8 text (byte {exc.start} is 0x{exc.object[exc.start]:02x})"
        ) from exc
    return parse_sources(text, str(path))


def select_sources(sources: list[Source], ids: list[str]) -> list[Source]:
    if not ids:
        return sources
    by_id = {s.id: s for s in sources}
    missing = [i for i in ids if i not in by_id]
    if missing:
        import difflib

        hints = []
        for m in missing:
            close = difflib.get_close_matches(m, list(by_id), n=3)
            hints.append(f"{m!r}" + (f" (did you mean {', '.join(close)}?)" if close else ""))
        raise UnknownSourceError(f"unknown source id {', '.join(hints)}; `benchtable sources` lists them")
    return [by_id[i] for i in ids]


_GITHUB_RAW = re.compile(r"^https?://raw\.githubusercontent\.com/([^/]+)/([^/]+)/[^/]+/(.+)$")


def document_key(url: str) -> str:
    """What stays the same across versions of one document: a GitHub file without its commit
    or branch, an arXiv paper without its version."""
    m = _GITHUB_RAW.match(url)
    if m:
        return f"github:{m.group(1)}/{m.group(2)}:{m.group(3)}"
    paper = arxiv_id(url)
    if paper:
        return f"arxiv:{paper}"
    return url


def source_for_url(sources: list[Source], url: str) -> Source | None:
    """The registered source for a URL: the same URL, else the same document at another version."""
    exact = next((s for s in sources if s.url == url), None)
    if exact is not None:
        return exact
    key = document_key(url)
    return next((s for s in sources if document_key(s.url) == key), None)


USER_SOURCES = "sources.toml"


def user_sources_path(db: Path) -> Path:
    """The user's own sources file: `sources.toml` beside the database (`benchtable add` writes it)."""
    return db.parent / USER_SOURCES


def registered_sources(sources_file: Path | None, db: Path) -> tuple[list[Source], str]:
    """What `refresh` polls and where it came from: `--sources FILE` alone, else the packaged
    registry plus the user's `sources.toml` beside the database when it exists."""
    if sources_file is not None:
        alone = load_sources(sources_file)
        check_versions(alone, str(sources_file))
        return alone, str(sources_file)
    packaged = load_sources(None)
    user = user_sources_path(db)
    if not user.exists():
        return packaged, "the packaged sources.toml"
    own = load_sources(user)
    taken = {s.id for s in packaged}
    clash = [s.id for s in own if s.id in taken]
    if clash:
        raise ConfigError(f"{user}: source id(s) {clash} are already in the packaged registry; rename them")
    check_versions(packaged + own, str(user))
    return packaged + own, f"the packaged sources.toml and {user}"
