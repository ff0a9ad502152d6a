// One set of ajv options for the runtime compile and the precompiled validator.

/**
 * Draft-07 and every error. `verbose` puts each error's schema node on it (parentSchema): its
 * schemaPath is relative to the definition a $ref compiled separately, so it cannot be walked.
 */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true, verbose: true } as const;
