// The package's main export: tb-gen's pipeline as a library, for tools that render in process.
// It never imports bullmq; the worker's API is the separate `./worker` export.

/** Run load -> validate -> normalize -> render on in-memory sources. */
export { generate } from './generate.js';
export type { GenerateInput, GenerateResult, Source } from './generate.js';
/** Diagnostics as data, and their printed form. */
export { formatDiagnostic, summarize, type Diagnostic } from './values/diagnostics.js';
/** The one YAML writer, so callers get byte-identical output. */
export { toYaml, toYamlStream } from './render/serialize.js';
/** The bundled chart's identity and default values (the lowest values layer). */
export { bundledChart } from './cli/io.js';
/** The worker's flags, as tb-gen writes them and task-backend-worker reads them. */
export { formatArgs, parseArgs, type WorkerArgs } from './contract/args.js';
