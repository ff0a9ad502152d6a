// One set of ajv options for the runtime compile and the precompiled validator.

/** Draft-07 and every error; validate.ts finds each error's schema node itself via schemaPath. */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true } as const;
