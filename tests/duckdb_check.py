"""The large-study path of docs/scale.md, kept real (issue 15): DuckDB reads the Parquet tables
of a run and recounts code_frequencies from the row-level coded_segments.

    python tests/duckdb_check.py OUT/tables

Checks, for every code of code_frequencies.parquet: its segments and documents equal the
distinct (document, segment) pairs and documents of coded_segments.parquet coded with the code
or one of its descendants (a parent counts a segment coded with two children once); and that
coded_segments.parquet holds every row of coded_segments.csv with typed integer columns.
Exits 1 with a message naming the table and the code when something differs.
"""

import sys
from pathlib import Path

import duckdb


def fail(message):
    print(f"duckdb check of the Parquet tables: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 2:
        fail("usage: duckdb_check.py TABLES_DIR")
    tables = Path(sys.argv[1])
    segments, frequencies = tables / "coded_segments.parquet", tables / "code_frequencies.parquet"
    for path in (segments, frequencies):
        if not path.is_file():
            fail(f"{path} is missing; was the run built with --features parquet?")
    con = duckdb.connect()

    # Typed columns: DuckDB sees integers, not text to parse.
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{segments}')").fetchall())
    for column in ("segment", "start", "end"):
        if types.get(column) != "BIGINT":
            fail(f"{segments}: column {column} is {types.get(column)}, expected BIGINT")

    # Every row, also when the table is too long for the report (render::READER_ROWS).
    parquet_rows = con.execute(f"SELECT count(*) FROM '{segments}'").fetchone()[0]
    csv_rows = con.execute(f"SELECT count(*) FROM read_csv('{segments.with_suffix('.csv')}', header = true)").fetchone()[0]
    if parquet_rows != csv_rows or parquet_rows == 0:
        fail(f"{segments} has {parquet_rows} rows, coded_segments.csv {csv_rows}")

    # Segments and documents per code, recounted from the rows over the code tree.
    differing = con.execute(
        f"""
        WITH RECURSIVE tree(ancestor, code) AS (
            SELECT code, code FROM '{frequencies}'
            UNION ALL
            SELECT tree.ancestor, f.code FROM tree JOIN '{frequencies}' f ON f.parent = tree.code
        ),
        recount AS (
            SELECT tree.ancestor AS code,
                   count(DISTINCT (s.document, s.segment)) AS segments,
                   count(DISTINCT s.document) AS documents
            FROM tree JOIN '{segments}' s ON s.code = tree.code
            GROUP BY tree.ancestor
        )
        SELECT f.code, f.segments, coalesce(r.segments, 0), f.documents, coalesce(r.documents, 0)
        FROM '{frequencies}' f LEFT JOIN recount r ON r.code = f.code
        WHERE f.segments <> coalesce(r.segments, 0) OR f.documents <> coalesce(r.documents, 0)
        ORDER BY f.code
        """
    ).fetchall()
    if differing:
        lines = [f"  {c}: table {s} segments / {d} documents, rows {rs} / {rd}" for c, s, rs, d, rd in differing]
        fail("code_frequencies.parquet differs from a recount of coded_segments.parquet:\n" + "\n".join(lines))

    codes, coded = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE segments > 0) FROM '{frequencies}'"
    ).fetchone()
    if coded == 0:
        fail(f"{frequencies}: no code has segments, so the check proves nothing")
    print(f"duckdb: {parquet_rows} coded segments recount the segments and documents of {codes} codes ({coded} coded)")


if __name__ == "__main__":
    main()
