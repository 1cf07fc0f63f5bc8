#!/usr/bin/env node
// A Prisma generator that writes the schema's datamodel (its DMMF: models, fields, types,
// nullability, indexes) as JSON, so tests can check the SQL migrations against the schema
// without Prisma's native schema engine.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import generatorHelper from "@prisma/generator-helper";

generatorHelper.generatorHandler({
  onManifest: () => ({ prettyName: "RiskDesk datamodel", defaultOutput: "./datamodel.json" }),
  onGenerate: async ({ dmmf, generator }) => {
    const output = generator.output?.value;
    if (!output) throw new Error("the datamodel generator needs an output path");
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, `${JSON.stringify(dmmf.datamodel, null, 2)}\n`);
  },
});
