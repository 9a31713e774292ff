"""The DuckDB schema, as an ordered list of migrations.

A database records the number of the last migration applied in `schema_version`;
opening it applies the missing ones in one transaction. Never edit a migration
that has shipped: append a new one.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from benchtable.db.units import fill_value_norm

Migration = str | Callable[[duckdb.DuckDBPyConnection], None]

LATEST_SCORES_V3_VIEWS = """
    CREATE OR REPLACE VIEW current_records AS
        SELECT r.*
        FROM records r
        JOIN source_versions v ON v.source_id = r.source_id AND v.sha256 = r.sha256
        WHERE v.is_current;
    CREATE OR REPLACE VIEW latest_scores AS
        SELECT r.model, r.model_label, r.precision, r.quant_method, r.bits, r.group_size,
               r.quant_format, r.benchmark, r.benchmark_label, r.n_shot, r.cot, r.metric, r.split,
               r.context_length, r.protocol_details, r.value_norm, r.unit, r.value, r.scale, r.raw,
               r.bound, r.source_id, s.kind AS source_kind, r.url, r.line, r.page, r.quote,
               r.record_id, v.first_seen, v.last_seen
        FROM current_records r
        JOIN sources s USING (source_id)
        JOIN source_versions v ON v.source_id = r.source_id AND v.sha256 = r.sha256;
"""


def _conflicts_view(source_rows: str, same_document_excluded: str = "") -> str:
    """The `conflicts` view over `source_rows` (the CTE `s`): pairs of sources that state the
    same configuration and protocol and publish different values (as of migrations 3 and 5)."""
    return (
        "\n    CREATE OR REPLACE VIEW conflicts AS\n"
        + source_rows
        + _CONFLICT_PAIRS.format(same_document_excluded=same_document_excluded)
    )


_CONFLICT_PAIRS = """        SELECT a.model, a.precision, a.quant_method, a.bits, a.group_size, a.quant_format,
               a.benchmark, a.n_shot, a.cot, a.metric, a.split, a.context_length,
               a.protocol_details, a.unit,
               a.source_id AS source_a, a.value_norm AS value_a, a.raw AS raw_a,
               a.model_label AS model_label_a, a.url AS url_a, a.line AS line_a,
               a.page AS page_a, a.record_id AS record_a,
               b.source_id AS source_b, b.value_norm AS value_b, b.raw AS raw_b,
               b.model_label AS model_label_b, b.url AS url_b, b.line AS line_b,
               b.page AS page_b, b.record_id AS record_b,
               abs(a.value_norm - b.value_norm) AS difference
        FROM s a
        JOIN s b
          ON a.source_id < b.source_id
{same_document_excluded}         AND a.model = b.model AND a.benchmark = b.benchmark
         AND a.unit IS NOT DISTINCT FROM b.unit
         AND a.precision IS NOT DISTINCT FROM b.precision
         AND a.quant_method IS NOT DISTINCT FROM b.quant_method
         AND a.bits IS NOT DISTINCT FROM b.bits
         AND a.group_size IS NOT DISTINCT FROM b.group_size
         AND a.quant_format IS NOT DISTINCT FROM b.quant_format
         AND a.n_shot IS NOT DISTINCT FROM b.n_shot
         AND a.cot IS NOT DISTINCT FROM b.cot
         AND a.metric IS NOT DISTINCT FROM b.metric
         AND a.split IS NOT DISTINCT FROM b.split
         AND a.context_length IS NOT DISTINCT FROM b.context_length
         AND a.protocol_details IS NOT DISTINCT FROM b.protocol_details
        WHERE abs(a.value_norm - b.value_norm)
              > 1e-6 * greatest(1.0, abs(a.value_norm), abs(b.value_norm));
"""

LATEST_SCORES_V3 = LATEST_SCORES_V3_VIEWS + _conflicts_view(
    "        WITH s AS (SELECT * FROM latest_scores WHERE value_norm IS NOT NULL AND bound IS NULL)\n"
).removeprefix("\n")


def _units_and_views(con: duckdb.DuckDBPyConnection) -> None:
    """3: `records.value_norm`/`unit` (filled for the records already stored), the wider
    `latest_scores` and the `conflicts` view."""
    con.execute("ALTER TABLE records ADD COLUMN value_norm DOUBLE")
    con.execute("ALTER TABLE records ADD COLUMN unit VARCHAR")
    fill_value_norm(con)
    con.execute(LATEST_SCORES_V3)


CONFLICTS_V5 = _conflicts_view(
    """        WITH s AS (
            SELECT l.*, coalesce(src.version_of, l.source_id) AS document
            FROM latest_scores l JOIN sources src USING (source_id)
            WHERE l.value_norm IS NOT NULL AND l.bound IS NULL
        )
""",
    "         AND a.document <> b.document\n",
)
"""5: `conflicts` leaves out pairs from versions of one document (`sources.version_of`)."""


def _source_versions_of(con: duckdb.DuckDBPyConnection) -> None:
    """5: `sources.version_of` (an older version of another source's document) and the
    `conflicts` view that no longer pairs two versions of one document."""
    con.execute("DROP VIEW IF EXISTS conflicts")
    con.execute("ALTER TABLE sources ADD COLUMN version_of VARCHAR")
    con.execute("ALTER TABLE sources ADD COLUMN revision_note VARCHAR")
    con.execute(CONFLICTS_V5)


MIGRATIONS: list[Migration] = [
    # 1: sources, documents, versions, fetches, records, views
    """
    CREATE TABLE sources (
        source_id     VARCHAR PRIMARY KEY,
        url           VARCHAR NOT NULL,
        kind          VARCHAR NOT NULL,
        title         VARCHAR,
        model         VARCHAR,
        hints         JSON
    );
    CREATE TABLE documents (
        sha256        VARCHAR PRIMARY KEY,
        url           VARCHAR NOT NULL,
        content_type  VARCHAR NOT NULL,
        size          BIGINT NOT NULL,
        retrieved_at  TIMESTAMPTZ NOT NULL,
        etag          VARCHAR,
        last_modified VARCHAR
    );
    CREATE TABLE source_versions (
        source_id     VARCHAR NOT NULL,
        sha256        VARCHAR NOT NULL,
        first_seen    TIMESTAMPTZ NOT NULL,
        last_seen     TIMESTAMPTZ NOT NULL,
        is_current    BOOLEAN NOT NULL,
        n_records     INTEGER NOT NULL,
        PRIMARY KEY (source_id, sha256)
    );
    CREATE TABLE runs (
        run_id        VARCHAR PRIMARY KEY,
        started_at    TIMESTAMPTZ NOT NULL,
        finished_at   TIMESTAMPTZ,
        mode          VARCHAR NOT NULL,
        n_ok          INTEGER,
        n_failed      INTEGER
    );
    CREATE TABLE fetches (
        run_id        VARCHAR NOT NULL,
        source_id     VARCHAR NOT NULL,
        url           VARCHAR NOT NULL,
        fetched_at    TIMESTAMPTZ NOT NULL,
        outcome       VARCHAR NOT NULL,   -- new | changed | unchanged | failed
        http_status   INTEGER,
        sha256        VARCHAR,
        n_records     INTEGER,
        error         VARCHAR,
        PRIMARY KEY (run_id, source_id)
    );
    CREATE TABLE records (
        record_id        VARCHAR PRIMARY KEY,
        source_id        VARCHAR NOT NULL,
        sha256           VARCHAR NOT NULL,
        model            VARCHAR NOT NULL,
        model_label      VARCHAR NOT NULL,
        precision        VARCHAR,
        quant_method     VARCHAR,
        bits             DOUBLE,
        group_size       INTEGER,
        quant_format     VARCHAR,
        benchmark        VARCHAR NOT NULL,
        benchmark_label  VARCHAR NOT NULL,
        n_shot           INTEGER,
        cot              BOOLEAN,
        metric           VARCHAR,
        split            VARCHAR,
        context_length   INTEGER,
        protocol_details VARCHAR,
        value            DOUBLE NOT NULL,
        raw              VARCHAR NOT NULL,
        scale            VARCHAR NOT NULL,
        bound            VARCHAR,
        url              VARCHAR NOT NULL,
        line             INTEGER,
        page             INTEGER,
        table_index      INTEGER,
        row_index        INTEGER,
        column_index     INTEGER,
        bbox             DOUBLE[],
        pointer          VARCHAR,
        quote            VARCHAR NOT NULL
    );
    CREATE INDEX records_by_source ON records (source_id, sha256);
    CREATE VIEW current_records AS
        SELECT r.*
        FROM records r
        JOIN source_versions v ON v.source_id = r.source_id AND v.sha256 = r.sha256
        WHERE v.is_current;
    CREATE VIEW latest_scores AS
        SELECT r.model, r.precision, r.quant_method, r.bits, r.group_size, r.quant_format,
               r.benchmark, r.n_shot, r.cot, r.metric, r.split, r.value, r.scale, r.raw,
               r.source_id, s.kind AS source_kind, r.url, r.line, r.page, r.record_id,
               v.first_seen, v.last_seen
        FROM current_records r
        JOIN sources s USING (source_id)
        JOIN source_versions v ON v.source_id = r.source_id AND v.sha256 = r.sha256;
    CREATE VIEW source_status AS
        SELECT s.source_id, s.kind, s.url,
               v.sha256 AS current_sha256, v.first_seen, v.last_seen, v.n_records,
               f.outcome AS last_outcome, f.fetched_at AS last_fetch, f.error AS last_error
        FROM sources s
        LEFT JOIN source_versions v ON v.source_id = s.source_id AND v.is_current
        LEFT JOIN (
            SELECT * FROM fetches
            QUALIFY row_number() OVER (PARTITION BY source_id ORDER BY fetched_at DESC) = 1
        ) f ON f.source_id = s.source_id;
    """,
    # 2: value history. `records.value_key` names "the same number" across versions of a
    # source (model, configuration, benchmark, protocol); `value_history` keeps each value
    # with when it was first and last seen and the versions it came from, superseded rather
    # than deleted; `value_changes` logs what each refresh added, changed and removed.
    """
    ALTER TABLE records ADD COLUMN value_key VARCHAR;
    CREATE TABLE value_history (
        source_id     VARCHAR NOT NULL,
        value_key     VARCHAR NOT NULL,
        model         VARCHAR NOT NULL,
        model_label   VARCHAR NOT NULL,
        configuration VARCHAR NOT NULL,
        benchmark     VARCHAR NOT NULL,
        protocol      VARCHAR NOT NULL,
        value         DOUBLE NOT NULL,
        raw           VARCHAR NOT NULL,
        first_seen    TIMESTAMPTZ NOT NULL,
        last_seen     TIMESTAMPTZ NOT NULL,
        first_sha256  VARCHAR NOT NULL,
        last_sha256   VARCHAR NOT NULL,
        record_id     VARCHAR NOT NULL,
        superseded_at TIMESTAMPTZ
    );
    CREATE INDEX value_history_by_source ON value_history (source_id, value_key);
    CREATE TABLE value_changes (
        run_id        VARCHAR,
        changed_at    TIMESTAMPTZ NOT NULL,
        source_id     VARCHAR NOT NULL,
        value_key     VARCHAR NOT NULL,
        change        VARCHAR NOT NULL,   -- new | changed | removed
        model         VARCHAR NOT NULL,
        model_label   VARCHAR NOT NULL,
        configuration VARCHAR NOT NULL,
        benchmark     VARCHAR NOT NULL,
        protocol      VARCHAR NOT NULL,
        old_value     DOUBLE,
        new_value     DOUBLE,
        old_raw       VARCHAR,
        new_raw       VARCHAR,
        old_sha256    VARCHAR,
        new_sha256    VARCHAR,
        old_record_id VARCHAR,
        new_record_id VARCHAR
    );
    CREATE INDEX value_changes_by_time ON value_changes (changed_at);
    """,
    # 3: how many requests a fetch took (retries included), so a failure says whether it
    # gave up after retrying or failed at once.
    """
    ALTER TABLE fetches ADD COLUMN attempts INTEGER;
    """,
    # 4: one unit per benchmark (see `_units_and_views`)
    _units_and_views,
    # 5: versions of one document (see `_source_versions_of`)
    _source_versions_of,
    # 6: the model a fine-tune, adapter or merge derives from (its own `model` id)
    """
    ALTER TABLE records ADD COLUMN base_model VARCHAR;
    """,
    # 7: no silent zeros in refresh: what extraction said of tables that gave no records,
    # kept with the fetch that extracted a version (one note a line), and shown by
    # `source_status` for the current version (an unchanged refresh does not hide them)
    """
    ALTER TABLE fetches ADD COLUMN notes VARCHAR;
    CREATE OR REPLACE VIEW source_status AS
        SELECT s.source_id, s.kind, s.url,
               v.sha256 AS current_sha256, v.first_seen, v.last_seen, v.n_records,
               f.outcome AS last_outcome, f.fetched_at AS last_fetch, f.error AS last_error,
               n.notes AS extraction_notes
        FROM sources s
        LEFT JOIN source_versions v ON v.source_id = s.source_id AND v.is_current
        LEFT JOIN (
            SELECT * FROM fetches
            QUALIFY row_number() OVER (PARTITION BY source_id ORDER BY fetched_at DESC) = 1
        ) f ON f.source_id = s.source_id
        LEFT JOIN (
            SELECT source_id, sha256, notes FROM fetches
            WHERE outcome IN ('new', 'changed')
            QUALIFY row_number() OVER (PARTITION BY source_id, sha256 ORDER BY fetched_at DESC) = 1
        ) n ON n.source_id = s.source_id AND n.sha256 = v.sha256;
    """,
]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the missing migrations; returns the schema version now in force."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    current = int(row[0]) if row and row[0] is not None else 0
    for number, sql in enumerate(MIGRATIONS, start=1):
        if number <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            if isinstance(sql, str):
                con.execute(sql)
            else:
                sql(con)
            con.execute("INSERT INTO schema_version VALUES (?)", [number])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = number
    return current
