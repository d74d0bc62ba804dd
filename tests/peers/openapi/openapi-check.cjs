// Checks the hub's CRM OpenAPI document with tools that are not the hub's own (issue 23 item 1).
// Standard input: {"document": <the OpenAPI document>, "instances": [{"schema": "<components/schemas name>", "value": <JSON>}]}
// Standard output: {"document": {"valid", "errors", "warnings"}, "instances": [{"schema", "valid", "errors"}]}
// The document is validated by @readme/openapi-parser (the OpenAPI 3.1 meta-schema, then its own rules); each instance
// by Ajv against the document's schema of that name, as JSON Schema 2020-12 (OpenAPI 3.1's dialect) with formats.
"use strict";
const { validate } = require("@readme/openapi-parser");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const request = JSON.parse(Buffer.concat(chunks).toString("utf8"));

  // The parser dereferences the object it is given: it gets a copy.
  const result = await validate(structuredClone(request.document));
  const document = {
    valid: result.valid,
    errors: result.valid ? [] : result.errors.map(e => e.message),
    warnings: result.warnings.map(w => w.message),
  };

  // The components' schemas as one JSON Schema resource, their references rewritten to point inside it.
  const schemas = JSON.parse(JSON.stringify(request.document.components.schemas).split("#/components/schemas/").join("#/$defs/"));
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "discriminator" }); // OpenAPI's annotation: oneOf with const kinds decides alone
  ajv.addSchema({ $id: "crm-openapi", $defs: schemas });
  const instances = (request.instances || []).map(i => {
    const check = ajv.compile({ $ref: "crm-openapi#/$defs/" + i.schema });
    const valid = check(i.value);
    return { schema: i.schema, valid, errors: valid ? [] : check.errors.map(e => `${e.instancePath || "/"} ${e.message} (${e.schemaPath})`) };
  });

  process.stdout.write(JSON.stringify({ document, instances }));
}

main().catch(e => {
  process.stderr.write(String(e && e.stack || e));
  process.exit(1);
});
