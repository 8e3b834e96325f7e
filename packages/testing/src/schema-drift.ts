import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { openMigratedDatabase, type ServiceDatabaseDefinition } from '@symbia/db';
import type pg from 'pg';

/** One column as the comparison sees it, from either side. */
export interface ColumnShape {
  readonly table: string;
  readonly column: string;
  /** PostgreSQL's own spelling (`format_type`), e.g. `character varying(255)`, `timestamp with time zone`, `text[]`. */
  readonly type: string;
  readonly nullable: boolean;
  /** Whether the database fills the column when an insert leaves it out (a DEFAULT, serial or identity). */
  readonly hasDefault: boolean;
}

/** A unique index or constraint, or a named index: the columns it covers, in order. */
export interface IndexShape {
  readonly table: string;
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

export interface SchemaShape {
  readonly columns: readonly ColumnShape[];
  readonly indexes: readonly IndexShape[];
}

/** Bookkeeping tables of @symbia/db, which no Drizzle mirror declares. */
const bookkeepingTables = new Set(['schema_migrations']);

// Drizzle's spelling → PostgreSQL's (format_type). Anything not listed is already the same.
const typeAliases: [RegExp, string][] = [
  [/^varchar\((\d+)\)/, 'character varying($1)'],
  [/^varchar/, 'character varying'],
  [/^char\((\d+)\)/, 'character($1)'],
  [/^timestamp \((\d+)\)/, 'timestamp($1)'],
  [/^time \((\d+)\)/, 'time($1)'],
  [/^bigserial/, 'bigint'],
  [/^smallserial/, 'smallint'],
  [/^serial/, 'integer'],
  [/^double precision/, 'double precision'],
  [/^decimal/, 'numeric'],
];

function normaliseType(drizzleType: string): string {
  let type = drizzleType.trim();
  for (const [pattern, replacement] of typeAliases) {
    if (pattern.test(type)) {
      type = type.replace(pattern, replacement);
      break;
    }
  }
  // `timestamp` alone is without time zone in PostgreSQL.
  type = type.replace(/^(timestamp|time)(\(\d+\))?(?! with)(?=$|\[)/, '$1$2 without time zone');
  // A sized array (`text[3]`) is still `text[]` to PostgreSQL.
  return type.replace(/\[\d+\]/g, '[]');
}

/**
 * The tables, columns and indexes a set of Drizzle tables declares (everything in `tables` that is a PgTable;
 * relations and other exports are skipped).
 */
export function drizzleSchemaShape(tables: Readonly<Record<string, unknown>>): SchemaShape {
  const columns: ColumnShape[] = [];
  const indexes: IndexShape[] = [];
  for (const candidate of Object.values(tables)) {
    if (!is(candidate, PgTable)) continue;
    const config = getTableConfig(candidate);
    const table = config.name;
    const primaryKeyColumns = new Set(config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)));
    for (const column of config.columns) {
      const sqlType = column.getSQLType();
      columns.push({
        table,
        column: column.name,
        type: normaliseType(sqlType),
        nullable: !(column.notNull || column.primary || primaryKeyColumns.has(column.name)),
        // A $defaultFn runs in the client, so only SQL defaults, serials and identities count.
        hasDefault: column.default !== undefined || /serial/.test(sqlType) || column.generatedIdentity !== undefined,
      });
      if (column.isUnique) {
        indexes.push({
          table,
          name: column.uniqueName ?? `${table}_${column.name}_unique`,
          columns: [column.name],
          unique: true,
        });
      }
    }
    for (const unique of config.uniqueConstraints) {
      indexes.push({
        table,
        name: unique.getName() ?? `${table}_unique`,
        columns: unique.columns.map((c) => c.name),
        unique: true,
      });
    }
    for (const index of config.indexes) {
      const names = index.config.columns.map((c) =>
        'name' in c && typeof c.name === 'string' ? c.name : '(expression)',
      );
      indexes.push({ table, name: index.config.name ?? `${table}_index`, columns: names, unique: index.config.unique });
    }
  }
  return { columns, indexes };
}

/** The tables, columns and indexes of `schema` in a live database (bookkeeping tables left out). */
export async function liveSchemaShape(pool: pg.Pool, schema: string): Promise<SchemaShape> {
  const columnRows = await pool.query<{
    table: string;
    column: string;
    type: string;
    nullable: boolean;
    has_default: boolean;
  }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable, (a.atthasdef OR a.attidentity <> '') AS has_default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const indexRows = await pool.query<{
    table: string;
    name: string;
    columns: string[];
    unique: boolean;
    primary: boolean;
  }>(
    `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
            ARRAY(SELECT COALESCE(a.attname, '(expression)')
                    FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
                    LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                   WHERE k.ord <= x.indnkeyatts
                   ORDER BY k.ord)::text[] AS columns
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1
      ORDER BY t.relname, i.relname`,
    [schema],
  );
  return {
    columns: columnRows.rows
      .filter((r) => !bookkeepingTables.has(r.table))
      .map((r) => ({
        table: r.table,
        column: r.column,
        type: r.type,
        nullable: r.nullable,
        hasDefault: r.has_default,
      })),
    indexes: indexRows.rows
      .filter((r) => !bookkeepingTables.has(r.table) && !r.primary)
      .map((r) => ({ table: r.table, name: r.name, columns: r.columns, unique: r.unique })),
  };
}

const describeColumn = (c: ColumnShape) =>
  `${c.type} ${c.nullable ? 'NULL' : 'NOT NULL'}${c.hasDefault ? ' with a default' : ' without a default'}`;
const describeIndex = (i: IndexShape) => `${i.unique ? 'unique ' : ''}(${i.columns.join(', ')})`;

export interface CompareSchemaOptions {
  /**
   * Also require Drizzle to declare every database default and every unique index. Off by default: the mirrors
   * declare what queries need, and an undeclared default or unique index changes nothing at run time (Drizzle
   * inserts `DEFAULT` for a column it is not given; the database still enforces the index).
   */
  readonly complete?: boolean;
}

/**
 * Every way Drizzle's tables contradict the migrated database, one line each: a table or column on one side only;
 * per column a different type or nullability, or a default Drizzle declares that the database lacks (an insert
 * outside Drizzle would then fail); an index Drizzle declares that is missing or covers other columns.
 * With `complete`, also every database default and unique index Drizzle leaves undeclared.
 */
export function compareSchemaShapes(
  declared: SchemaShape,
  live: SchemaShape,
  options: CompareSchemaOptions = {},
): string[] {
  const mismatches: string[] = [];
  const key = (c: { table: string; column: string }) => `${c.table}.${c.column}`;
  const liveColumns = new Map(live.columns.map((c) => [key(c), c]));
  const declaredColumns = new Map(declared.columns.map((c) => [key(c), c]));
  const liveTables = new Set(live.columns.map((c) => c.table));
  const declaredTables = new Set(declared.columns.map((c) => c.table));

  for (const table of declaredTables)
    if (!liveTables.has(table)) mismatches.push(`table ${table}: declared in Drizzle, missing from the migrations`);
  for (const table of liveTables)
    if (!declaredTables.has(table)) mismatches.push(`table ${table}: created by the migrations, missing from Drizzle`);

  for (const [name, want] of declaredColumns) {
    if (!liveTables.has(want.table)) continue;
    const got = liveColumns.get(name);
    if (!got) {
      mismatches.push(`column ${name}: declared in Drizzle as ${describeColumn(want)}, missing from the migrations`);
      continue;
    }
    if (got.type !== want.type)
      mismatches.push(`column ${name}: type is ${got.type} in the database, ${want.type} in Drizzle`);
    if (got.nullable !== want.nullable)
      mismatches.push(
        `column ${name}: ${got.nullable ? 'NULL' : 'NOT NULL'} in the database, ${want.nullable ? 'NULL' : 'NOT NULL'} in Drizzle`,
      );
    if (want.hasDefault && !got.hasDefault)
      mismatches.push(`column ${name}: has a default in Drizzle, none in the database`);
    if (options.complete && got.hasDefault && !want.hasDefault)
      mismatches.push(`column ${name}: has a default in the database, none in Drizzle`);
  }
  for (const [name, got] of liveColumns) {
    if (declaredTables.has(got.table) && !declaredColumns.has(name))
      mismatches.push(`column ${name}: created by the migrations as ${describeColumn(got)}, missing from Drizzle`);
  }

  const sameIndex = (a: IndexShape, b: IndexShape) =>
    a.table === b.table && a.unique === b.unique && a.columns.join() === b.columns.join();
  for (const want of declared.indexes) {
    if (!liveTables.has(want.table)) continue;
    const byName = live.indexes.find((i) => i.table === want.table && i.name === want.name);
    if (byName && !sameIndex(byName, want)) {
      mismatches.push(
        `index ${want.table}.${want.name}: ${describeIndex(byName)} in the database, ${describeIndex(want)} in Drizzle`,
      );
    } else if (!byName && !live.indexes.some((i) => sameIndex(i, want))) {
      mismatches.push(
        `index ${want.table}.${want.name}: declared in Drizzle as ${describeIndex(want)}, missing from the migrations`,
      );
    }
  }
  for (const got of live.indexes) {
    if (!options.complete || !got.unique || !declaredTables.has(got.table)) continue;
    if (!declared.indexes.some((i) => sameIndex(i, got))) {
      mismatches.push(`index ${got.table}.${got.name}: ${describeIndex(got)} in the database, not declared in Drizzle`);
    }
  }
  return mismatches.sort();
}

export interface SchemaDriftOptions extends CompareSchemaOptions {
  /** An empty database to migrate (e.g. createTestDatabase().url). */
  readonly url: string;
}

/**
 * Migrates the empty database at `url` with a service's SQL migrations and lists every way the result differs from
 * its Drizzle tables (compareSchemaShapes), for the service's database definition (`defineServiceDatabase` in its
 * src/db/db.ts); an empty list means they agree.
 */
export async function findSchemaDrift(
  definition: ServiceDatabaseDefinition<Record<string, unknown>>,
  options: SchemaDriftOptions,
): Promise<string[]> {
  const database = await openMigratedDatabase(definition, { url: options.url, max: 2 });
  try {
    return compareSchemaShapes(
      drizzleSchemaShape(definition.tables),
      await liveSchemaShape(database.pool, definition.schema),
      options,
    );
  } finally {
    await database.close();
  }
}
