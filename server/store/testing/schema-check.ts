import { readFileSync } from "node:fs";
import type { StoreClient } from "../database";
import type { Dialect } from "../migrate";

/**
 * Compares the database the migrations made with the schema's datamodel (the DMMF that
 * `npm run db:generate` writes): nothing in Prisma checks that the SQL and the schema agree
 * when the SQL is written by hand.
 */
interface DatamodelField {
  name: string;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isRequired: boolean;
  isList: boolean;
}
interface Datamodel {
  models: Array<{ name: string; dbName: string | null; fields: DatamodelField[] }>;
  indexes: Array<{ model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: Array<{ name: string }> }>;
}

export function readDatamodel(): Datamodel {
  return JSON.parse(readFileSync(new URL("../generated/datamodel.json", import.meta.url), "utf8")) as Datamodel;
}

interface Column {
  name: string;
  type: string;
  nullable: boolean;
  /** 1-based position in SQLite's primary key, 0 outside it (PostgreSQL's is an index). */
  primaryKeyPosition: number;
}
interface Index {
  columns: string[];
  unique: boolean;
}

/** The column types that hold each Prisma type as the generated clients read and write it. */
const COMPATIBLE: Record<Dialect, (field: DatamodelField) => string[]> = {
  sqlite: (field) =>
    field.kind === "enum"
      ? ["TEXT"]
      : ({ String: ["TEXT"], Int: ["INTEGER"], BigInt: ["INTEGER", "BIGINT"], Float: ["REAL", "DOUBLE PRECISION"], Boolean: ["BOOLEAN"], DateTime: ["DATETIME"] }[field.type] ?? []),
  postgresql: (field) =>
    field.kind === "enum"
      ? [field.type]
      : ({ String: ["text", "varchar"], Int: ["int4"], BigInt: ["int8"], Float: ["float8"], Boolean: ["bool"], DateTime: ["timestamp", "timestamptz"] }[field.type] ?? []),
};

async function columnsOf(client: StoreClient, dialect: Dialect, table: string): Promise<Column[]> {
  if (dialect === "sqlite") {
    const rows = await client.$queryRawUnsafe<Array<{ name: string; type: string; notnull: bigint | number; pk: bigint | number }>>(
      `SELECT "name", "type", "notnull", "pk" FROM pragma_table_info(?)`,
      table,
    );
    return rows.map((row) => ({ name: row.name, type: row.type.toUpperCase(), nullable: Number(row.notnull) === 0, primaryKeyPosition: Number(row.pk) }));
  }
  const rows = await client.$queryRawUnsafe<Array<{ name: string; type: string; nullable: string }>>(
    `SELECT column_name AS "name", udt_name AS "type", is_nullable AS "nullable"
       FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
    table,
  );
  return rows.map((row) => ({ name: row.name, type: row.type, nullable: row.nullable === "YES", primaryKeyPosition: 0 }));
}

async function indexesOf(client: StoreClient, dialect: Dialect, table: string): Promise<Index[]> {
  const rows =
    dialect === "sqlite"
      ? await client.$queryRawUnsafe<Array<{ index: string; unique: bigint | number; column: string }>>(
          `SELECT il."name" AS "index", il."unique" AS "unique", ii."name" AS "column"
             FROM pragma_index_list(?) il, pragma_index_info(il."name") ii ORDER BY il."name", ii."seqno"`,
          table,
        )
      : await client.$queryRawUnsafe<Array<{ index: string; unique: boolean; column: string }>>(
          `SELECT i.relname AS "index", ix.indisunique AS "unique", a.attname AS "column"
             FROM pg_index ix
             JOIN pg_class t ON t.oid = ix.indrelid
             JOIN pg_class i ON i.oid = ix.indexrelid
             JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, position) ON true
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
            WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace
            ORDER BY i.relname, k.position`,
          table,
        );
  const byName = new Map<string, Index>();
  for (const row of rows) {
    const index = byName.get(row.index) ?? { columns: [], unique: Boolean(Number(row.unique)) };
    index.columns.push(row.column);
    byName.set(row.index, index);
  }
  return [...byName.values()];
}

/** Every way the database differs from the schema; empty when they agree. */
export async function schemaMismatches(client: StoreClient, dialect: Dialect): Promise<string[]> {
  const datamodel = readDatamodel();
  const problems: string[] = [];
  for (const model of datamodel.models) {
    const table = model.dbName ?? model.name;
    const columns = new Map((await columnsOf(client, dialect, table)).map((column) => [column.name, column]));
    if (columns.size === 0) {
      problems.push(`table ${table} (model ${model.name}) is missing`);
      continue;
    }
    for (const field of model.fields.filter(({ kind }) => kind === "scalar" || kind === "enum")) {
      const column = columns.get(field.name);
      const compatible = COMPATIBLE[dialect](field);
      if (!column) problems.push(`${table}.${field.name} is missing`);
      else if (!compatible.includes(column.type)) problems.push(`${table}.${field.name} is ${column.type}, not one of ${compatible.join(", ")} for ${field.type}`);
      else if (column.nullable === field.isRequired) problems.push(`${table}.${field.name} is ${column.nullable ? "nullable" : "NOT NULL"} but the field is ${field.isRequired ? "required" : "optional"}`);
    }
    // SQLite's INTEGER PRIMARY KEY is the table's rowid rather than an index.
    const sqlitePrimaryKey = {
      columns: [...columns.values()].filter((column) => column.primaryKeyPosition > 0).sort((a, b) => a.primaryKeyPosition - b.primaryKeyPosition).map(({ name }) => name),
      unique: true,
    };
    const indexes = [...(await indexesOf(client, dialect, table)), sqlitePrimaryKey];
    for (const wanted of datamodel.indexes.filter((index) => index.model === model.name)) {
      const columnsWanted = wanted.fields.map(({ name }) => name);
      const found = indexes.some(
        (index) => index.columns.join() === columnsWanted.join() && index.unique === (wanted.type === "id" || wanted.type === "unique"),
      );
      if (!found) problems.push(`${table} has no ${wanted.type} index on (${columnsWanted.join(", ")})`);
    }
  }
  return problems;
}
