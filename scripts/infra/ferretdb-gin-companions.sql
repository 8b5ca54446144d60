-- Applied by scripts/infra/infra.sh to the database FerretDB keeps its collections in, on every 'up'.
--
-- FerretDB v1 turns an equality filter into `_jsonb -> 'field' @> value`, but builds each MongoDB index as
-- a btree on `(_jsonb -> 'field')`, which cannot serve `@>`: every lookup scans its whole table, and the
-- cost of a query grows with the collection (6 ms per lookup at 3,000 documents, growing linearly). This
-- event trigger gives every such btree key a GIN companion on the same expression, which `@>` can use, so
-- the cost of an indexed lookup no longer grows with the collection. FerretDB never sees these
-- indexes (it lists indexes from its own metadata), and they go with the table when a collection is dropped.
-- Nothing here changes what a query returns; the PostgreSQL planner decides whether to use them.

SET client_min_messages = warning;

CREATE OR REPLACE FUNCTION followup_gin_companions() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  created record;
  key_position int;
  key_expression text;
  table_oid oid;
BEGIN
  FOR created IN
    SELECT objid FROM pg_event_trigger_ddl_commands()
    WHERE command_tag = 'CREATE INDEX' AND object_type = 'index'
  LOOP
    SELECT i.indrelid INTO table_oid
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
    WHERE i.indexrelid = created.objid AND am.amname = 'btree';
    CONTINUE WHEN table_oid IS NULL; -- not a btree: one of the GIN companions made below
    FOR key_position IN 1 .. (SELECT indnkeyatts FROM pg_index WHERE indexrelid = created.objid) LOOP
      key_expression := pg_get_indexdef(created.objid, key_position, true);
      -- only top-level fields, the only ones FerretDB pushes a filter down for
      CONTINUE WHEN key_expression !~ '^\(?_jsonb -> ''[^'']+''::text\)?$';
      EXECUTE format(
        'CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((%s) jsonb_path_ops) WITH (fastupdate = off)',
        left((SELECT relname FROM pg_class WHERE oid = table_oid), 40) || '_gin_' || left(md5(key_expression), 12),
        table_oid::regclass,
        key_expression
      );
    END LOOP;
  END LOOP;
END
$$;

DROP EVENT TRIGGER IF EXISTS followup_gin_companions;
CREATE EVENT TRIGGER followup_gin_companions ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION followup_gin_companions();
