/**
 * Readers of the generated operation types (src/generated/<service>.ts, from services/<service>/openapi.json), so
 * the SDK's public types are aliases of the documents rather than copies that drift.
 */

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

/** The JSON answer of an operation: its 200, else its 201 (204-only operations give `never`). */
export type ResponseOf<Op> = Op extends { responses: infer R }
  ? 200 extends keyof R
    ? JsonContent<R[200]>
    : 201 extends keyof R
      ? JsonContent<R[201]>
      : never
  : never;

/** The JSON request body of an operation. */
export type RequestOf<Op> = Op extends { requestBody?: infer Body } ? JsonContent<NonNullable<Body>> : never;

/** The query parameters of an operation. */
export type QueryOf<Op> = Op extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;

/** Compile-time check that two types are the same (`const _: Same<A, B> = true`). */
export type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
