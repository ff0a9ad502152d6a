// Builders of the values shape. Each returns a Shape: the JSON Schema node that schemas/values.schema.json
// holds for it (keys in the order the committed file has them) and, at the type level only, the
// TypeScript type of the values it admits, so src/values/model.ts derives its types from the shape.

/** A JSON Schema node, as the builders emit it. */
export type SchemaNode = { [key: string]: unknown };

/** One piece of the values shape: its schema node, and (type only) the values it admits. */
export interface Shape<T> {
  readonly schema: SchemaNode;
  /** Never set: carries T for Infer. */
  readonly __type?: T;
}

/** The TypeScript type of the values a shape admits (what the schema accepts, nulls stripped). */
export type Infer<S> = S extends Shape<infer T> ? T : never;

type Props = Record<string, Shape<unknown>>;
type Flat<T> = { [K in keyof T]: T[K] } & {};
/** An object's fields: the required keys present, the others optional. */
export type Fields<P, R extends PropertyKey = never> = Flat<
  { [K in keyof P & R]-?: Infer<NonNullable<P[K]>> } & { [K in Exclude<keyof P, R>]?: Infer<NonNullable<P[K]>> }
>;

const shape = <T>(schema: SchemaNode): Shape<T> => ({ schema });
const schemas = (props: Props): SchemaNode => Object.fromEntries(Object.entries(props).map(([k, s]) => [k, s.schema]));

/** A string, with its pattern and length bounds in `extra`. */
export const str = (description: string, extra: SchemaNode = {}): Shape<string> => shape({ type: 'string', description, ...extra });

/** A bounded integer (the schema test refuses an unbounded one). */
export const int = (description: string, minimum: number, maximum: number): Shape<number> =>
  shape({ type: 'integer', description, minimum, maximum });

/** A bounded number. */
export const num = (description: string, minimum: number, maximum: number): Shape<number> =>
  shape({ type: 'number', description, minimum, maximum });

/** A boolean. */
export const bool = (description: string): Shape<boolean> => shape({ type: 'boolean', description });

/** One string of a closed set; the type is the union of the set. */
export const choice = <const V extends string>(description: string, values: readonly V[]): Shape<V> =>
  shape({ type: 'string', description, enum: [...values] });

/** A closed object (additionalProperties false); the keys named in `required` must be present. */
export function obj<P extends Props, const R extends keyof P & string = never>(
  description: string,
  properties: P,
  required?: readonly R[],
): Shape<Fields<P, R>> {
  const tail = required ? { required: [...required] } : {};
  return shape({ type: 'object', description, additionalProperties: false, properties: schemas(properties), ...tail });
}

/** An object with named keys and any other key holding `rest` (resources' cpu, memory, nvidia.com/gpu). */
export const objWithRest = <P extends Props, T>(description: string, properties: P, rest: Shape<T>): Shape<Fields<P> & Record<string, T>> =>
  shape({ type: 'object', description, additionalProperties: rest.schema, properties: schemas(properties) });

/** An object with keys of the same kind: names checked by `keys`, every value by `value`. */
export const map = <T>(description: string, keys: SchemaNode, value: Shape<T>): Shape<Record<string, T>> =>
  shape({ type: 'object', description, propertyNames: keys, additionalProperties: value.schema });

/** A map passed on as it is (Helm's global, kombu's transport options). */
export const anyMap = (description: string): Shape<Record<string, unknown>> => shape({ type: 'object', description });

/** A list; minItems goes before items and uniqueItems after, as the committed schema has them. */
export const list = <T>(description: string, items: Shape<T>, opts: { minItems?: number; uniqueItems?: boolean } = {}): Shape<T[]> => {
  const { minItems, uniqueItems } = opts;
  return shape({
    type: 'array',
    description,
    ...(minItems === undefined ? {} : { minItems }),
    items: items.schema,
    ...(uniqueItems === undefined ? {} : { uniqueItems }),
  });
};

/** A value of no declared type: a string or a number (Kubernetes quantities, int-or-percent). */
export const union = <T>(types: readonly string[], description: string, extra: SchemaNode): Shape<T> =>
  shape({ type: [...types], description, ...extra });

/** A reference to a shape kept under the document's definitions (the worker spec, used three times). */
export const definition = <T>(name: string, _of: Shape<T>): Shape<T> => shape({ $ref: `#/definitions/${name}` });

/** A node written out as it is, for the few that fit no builder. */
export const raw = <T>(schema: SchemaNode): Shape<T> => shape(schema);
