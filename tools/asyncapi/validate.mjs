// Validate an AsyncAPI document with the official parser; exit 1 on any error-level diagnostic.
import { readFileSync } from "node:fs";
import { Parser, DiagnosticSeverity } from "@asyncapi/parser";

const path = process.argv[2] ?? new URL("../../docs/asyncapi.json", import.meta.url).pathname;
const parser = new Parser();
const { document, diagnostics } = await parser.parse(readFileSync(path, "utf8"), { source: path });
const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
for (const d of errors) {
  console.error(`${path}: ${d.path.join(".")}: ${d.message}`);
}
if (errors.length > 0 || document === undefined) {
  console.error(`${path}: ${errors.length} error(s)`);
  process.exit(1);
}
const warnings = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning).length;
console.log(
  `${path}: valid AsyncAPI ${document.version()} (${document.channels().length} channels, ` +
    `${document.operations().length} operations, ${document.messages().length} messages, ` +
    `${warnings} warning(s))`,
);
